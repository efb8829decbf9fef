import { parentPort } from 'node:worker_threads';
import { ParleyError } from '../../../shared/errors.ts';
import { ingestAttachment } from './ingest.ts';
import type { IngestJob, IngestReply } from './ingest-runner.ts';

// The ingest on a worker thread (ingest-runner.ts starts it): decoding, scaling and encoding an
// image, reading a PDF and counting tokens cost seconds of CPU, which must not hold up main.
const port = parentPort;
if (port) {
  port.on('message', (job: IngestJob) => {
    void ingestAttachment(job.bytes, job.name).then(
      (result) =>
        port.postMessage({ id: job.id, result } satisfies IngestReply, [result.bytes.buffer as ArrayBuffer]),
      (error: unknown) =>
        port.postMessage({
          id: job.id,
          error:
            error instanceof ParleyError
              ? error.toJSON()
              : { code: 'internal', message: 'That file could not be read.', detail: String(error) },
        } satisfies IngestReply),
    );
  });
}

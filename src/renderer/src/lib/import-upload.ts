import { IMPORT_CHUNK_BYTES } from '../../../shared/contract.ts';
import type { ImportProgress } from '../../../shared/contract.ts';
import type { Api } from './api.ts';
import { sendInChunks } from './chunked-upload.ts';

export type ImportStage =
  | { stage: 'uploading'; fraction: number }
  | { stage: 'importing'; progress: ImportProgress }
  | { stage: 'done'; progress: ImportProgress };

/**
 * Uploads a ChatGPT export in chunks (history.importBegin/importChunk/importFinish), then follows
 * history.importProgress until the import is done. Resolves with the last progress.
 */
export async function uploadImport(
  api: Api,
  file: File,
  onStage: (stage: ImportStage) => void,
): Promise<ImportProgress> {
  const { importId } = await api.call('history.importBegin', {
    fileName: file.name || 'conversations.json',
    totalBytes: file.size,
  });
  let finished: (progress: ImportProgress) => void = () => {};
  const done = new Promise<ImportProgress>((resolve) => (finished = resolve));
  const off = api.on('history.importProgress', (progress) => {
    if (progress.importId !== importId) return;
    if (progress.done) {
      onStage({ stage: 'done', progress });
      finished(progress);
    } else {
      onStage({ stage: 'importing', progress });
    }
  });
  try {
    await sendInChunks(
      file,
      IMPORT_CHUNK_BYTES,
      (offset, data) => api.call('history.importChunk', { importId, offset, data }),
      (fraction) => onStage({ stage: 'uploading', fraction }),
    );
    await api.call('history.importFinish', { importId });
    return await done;
  } finally {
    off();
  }
}

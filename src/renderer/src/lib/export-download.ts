import type { ExportAllFormat } from '../../../shared/history.ts';
import type { Api } from './api.ts';
import { downloadBlob } from './download.ts';

/**
 * Exports every conversation (main writes the file as a stream), reads it back in chunks
 * (history.exportChunk) into a Blob the browser may keep on disk, and downloads it.
 * Resolves with how many conversations it holds.
 */
export async function downloadEverything(
  api: Api,
  format: ExportAllFormat,
  onProgress: (fraction: number) => void,
): Promise<number> {
  const file = await api.call('history.exportAll', { format });
  const parts: Blob[] = [];
  let offset = 0;
  for (;;) {
    const { data, done } = await api.call('history.exportChunk', { exportId: file.exportId, offset });
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    parts.push(new Blob([bytes]));
    offset += bytes.length;
    onProgress(file.totalBytes ? offset / file.totalBytes : 1);
    if (done) break;
  }
  downloadBlob(file.fileName, new Blob(parts, { type: file.mimeType }));
  return file.conversations;
}

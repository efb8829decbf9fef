import { IMPORT_CHUNK_BYTES } from '../../../shared/contract.ts';
import type { ImportProgress } from '../../../shared/contract.ts';
import type { Api } from './api.ts';

export type ImportStage =
  | { stage: 'uploading'; fraction: number }
  | { stage: 'importing'; progress: ImportProgress }
  | { stage: 'done'; progress: ImportProgress };

/** base64 of a Blob, through the browser's own encoder (fast, no giant strings built by hand). */
function toBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the file.'));
    reader.readAsDataURL(blob);
  });
}

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
    for (let offset = 0; offset < file.size; offset += IMPORT_CHUNK_BYTES) {
      onStage({ stage: 'uploading', fraction: offset / file.size });
      const data = await toBase64(file.slice(offset, offset + IMPORT_CHUNK_BYTES));
      await api.call('history.importChunk', { importId, offset, data });
    }
    onStage({ stage: 'uploading', fraction: 1 });
    await api.call('history.importFinish', { importId });
    return await done;
  } finally {
    off();
  }
}

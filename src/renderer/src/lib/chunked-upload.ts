/** base64 of a Blob, through the browser's own encoder (fast, no giant strings built by hand). */
export function toBase64(blob: Blob): Promise<string> {
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
 * Sends a Blob in chunks of `chunkBytes` (each as base64, in order), reporting the fraction sent
 * before each chunk and 1 at the end. The one way a window hands over the bytes a person chose:
 * the ChatGPT import and attachments both go through it.
 */
export async function sendInChunks(
  blob: Blob,
  chunkBytes: number,
  send: (offset: number, data: string) => Promise<unknown>,
  onFraction: (fraction: number) => void = () => {},
): Promise<void> {
  for (let offset = 0; offset < blob.size; offset += chunkBytes) {
    onFraction(offset / blob.size);
    await send(offset, await toBase64(blob.slice(offset, offset + chunkBytes)));
  }
  onFraction(1);
}

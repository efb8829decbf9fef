import type { Api } from '../api.ts';

/** Reads at once: the thumbnails of a long conversation queue instead of filling the socket. */
const READS_AT_ONCE = 3;
/** An unused object URL is kept this long (scrolling back does not read it again), then revoked. */
const KEEP_UNUSED_MS = 30_000;

function decodeBase64(data: string): Uint8Array<ArrayBuffer> {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let running = 0;
const waiting: (() => void)[] = [];

async function inTurn<T>(run: () => Promise<T>): Promise<T> {
  if (running >= READS_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await run();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** A stored attachment's bytes, read in chunks (`attachments.read`), as a Blob of its sniffed type. */
export function readAttachment(api: Api, id: string): Promise<Blob> {
  return inTurn(async () => {
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    let offset = 0;
    for (;;) {
      const chunk = await api.call('attachments.read', { id, offset });
      const bytes = decodeBase64(chunk.data);
      chunks.push(bytes);
      offset += bytes.length;
      if (chunk.done || bytes.length === 0 || offset >= chunk.size)
        return new Blob(chunks, { type: chunk.mime });
    }
  });
}

interface Entry {
  users: number;
  url: Promise<string>;
  revoke: ReturnType<typeof setTimeout> | null;
}

/**
 * Object URLs of stored images, by attachment id: read once while any thumbnail or lightbox shows
 * them, revoked a while after the last one lets go.
 */
export class AttachmentUrls {
  readonly #entries = new Map<string, Entry>();
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  acquire(id: string): Promise<string> {
    let entry = this.#entries.get(id);
    if (!entry) {
      const url = readAttachment(this.#api, id).then((blob) => URL.createObjectURL(blob));
      entry = { users: 0, url, revoke: null };
      this.#entries.set(id, entry);
      // A failed read is not kept: the next look asks again.
      url.catch(() => this.#entries.get(id) === entry && this.#entries.delete(id));
    }
    if (entry.revoke) clearTimeout(entry.revoke);
    entry.revoke = null;
    entry.users++;
    return entry.url;
  }

  release(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry || --entry.users > 0) return;
    entry.revoke = setTimeout(() => {
      this.#entries.delete(id);
      void entry.url.then((url) => URL.revokeObjectURL(url)).catch(() => {});
    }, KEEP_UNUSED_MS);
  }
}

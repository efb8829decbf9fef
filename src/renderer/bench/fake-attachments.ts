import type { AttachmentChunk, AttachmentRef } from '../../shared/attachments.ts';
import { ATTACHMENT_LIMITS } from '../../shared/attachments.ts';
import type { RequestName } from '../../shared/contract.ts';
import type { ConversationDetail, StoredMessage } from '../../shared/history.ts';
import { summary } from './fake-main.ts';

/**
 * The attachments bench's stand-in for main's attachment handlers: uploads are kept in memory
 * (begin/chunk/finish), reads come back in chunks as main sends them, and one conversation holds
 * `images` photos, one a question.
 */
export interface FakeAttachments {
  handlers: Partial<Record<RequestName, (input: never) => unknown>>;
  conversation: ConversationDetail;
}

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A photo-like JPEG drawn on a canvas: gradients, shapes and grain (so it compresses like a photo). */
export async function drawPhoto(width: number, height: number, seed = 1): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const g = canvas.getContext('2d')!;
  const sky = g.createLinearGradient(0, 0, 0, height);
  sky.addColorStop(0, `hsl(${(seed * 47) % 360} 60% 70%)`);
  sky.addColorStop(1, `hsl(${(seed * 47 + 120) % 360} 50% 35%)`);
  g.fillStyle = sky;
  g.fillRect(0, 0, width, height);
  for (let i = 0; i < 40; i++) {
    g.fillStyle = `hsl(${(seed * 31 + i * 17) % 360} 55% ${30 + (i % 5) * 10}% / 0.6)`;
    g.beginPath();
    g.arc(
      ((i * 97 + seed * 13) % 100) * width * 0.01,
      ((i * 53) % 100) * height * 0.01,
      width / (8 + (i % 7)),
      0,
      7,
    );
    g.fill();
  }
  // Grain: a small noise tile repeated, as a sensor's noise keeps JPEGs of photos large.
  const tile = new OffscreenCanvas(256, 256);
  const t = tile.getContext('2d')!;
  const noise = t.createImageData(256, 256);
  let x = seed * 2654435761;
  for (let i = 0; i < noise.data.length; i += 4) {
    x = (x * 1103515245 + 12345) >>> 0;
    const v = x >>> 24;
    noise.data.set([v, v, v, 28], i);
  }
  t.putImageData(noise, 0, 0);
  g.fillStyle = g.createPattern(tile, 'repeat')!;
  g.fillRect(0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
}

export async function createFakeAttachments(images: number): Promise<FakeAttachments> {
  const stored = new Map<string, { bytes: Uint8Array; ref: AttachmentRef }>();
  const uploads = new Map<string, { name: string; parts: Uint8Array[] }>();
  const encoded = new Map<string, string>();
  let seq = 0;
  const id = () => (++seq).toString(16).padStart(64, '0');
  const keep = (bytes: Uint8Array, name: string, mime: string, width?: number, height?: number) => {
    const ref: AttachmentRef = {
      id: id(),
      kind: mime.startsWith('image/') ? 'image' : 'text',
      name,
      mime,
      size: bytes.length,
    };
    if (width && height) Object.assign(ref, { width, height });
    stored.set(ref.id, { bytes, ref });
    return ref;
  };

  const handlers: FakeAttachments['handlers'] = {
    'attachments.begin': ({ name }: { name: string }) => {
      const uploadId = crypto.randomUUID();
      uploads.set(uploadId, { name, parts: [] });
      return { uploadId };
    },
    'attachments.chunk': ({ uploadId, data }: { uploadId: string; data: string }) => {
      const upload = uploads.get(uploadId)!;
      upload.parts.push(bytesOf(data));
      return { received: upload.parts.reduce((n, p) => n + p.length, 0) };
    },
    'attachments.finish': ({ uploadId }: { uploadId: string }) => {
      const upload = uploads.get(uploadId)!;
      uploads.delete(uploadId);
      const bytes = new Uint8Array(upload.parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const part of upload.parts) bytes.set(part, (at += part.length) - part.length);
      const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
      return keep(bytes, upload.name, jpeg ? 'image/jpeg' : 'text/plain');
    },
    'attachments.read': ({ id: wanted, offset = 0 }: { id: string; offset?: number }) => {
      const entry = stored.get(wanted);
      if (!entry) throw new Error('not found');
      const slice = entry.bytes.subarray(offset, offset + ATTACHMENT_LIMITS.chunkBytes);
      // Main encodes in its own process: here it is done once, so the page's time is Parley's own.
      const key = `${wanted}:${offset}`;
      const data = encoded.get(key) ?? base64Of(slice);
      const chunk: AttachmentChunk = {
        data,
        size: entry.bytes.length,
        mime: entry.ref.mime,
        done: offset + slice.length >= entry.bytes.length,
      };
      return chunk;
    },
  };

  // The photos: 1600 x 1200 JPEGs (what a phone's "large" share gives), a few distinct ones.
  const photos = await Promise.all(
    [1, 2, 3, 4, 5].map(async (s) => new Uint8Array(await (await drawPhoto(1600, 1200, s)).arrayBuffer())),
  );
  const now = Date.now();
  const messages: StoredMessage[] = [];
  for (let i = 0; i < images; i++) {
    const ref = keep(photos[i % photos.length]!, `photo-${i + 1}.jpg`, 'image/jpeg', 1600, 1200);
    const text = `What is in photo ${i + 1}?`;
    const at = now - (images - i) * 60_000;
    const base = {
      conversationId: 'photos',
      reasoning: null,
      state: 'complete' as const,
      error: null,
      providerId: 'bench',
      model: 'bench-model',
      costUsd: null,
      adjustments: null,
      createdAt: at,
      updatedAt: at,
    };
    messages.push({
      ...base,
      id: `photo-q${i}`,
      parentId: i === 0 ? null : `photo-a${i - 1}`,
      role: 'user',
      content: text,
      parts: [
        { type: 'text', text },
        { type: 'image', attachment: ref },
      ],
      usage: null,
    });
    const answer = `Photo ${i + 1} shows a few soft circles over a gradient sky.`;
    messages.push({
      ...base,
      id: `photo-a${i}`,
      parentId: `photo-q${i}`,
      role: 'assistant',
      content: answer,
      parts: [{ type: 'text', text: answer }],
      usage: { inputTokens: 800, outputTokens: 20, estimated: false },
    });
  }
  for (const [key, { bytes }] of stored)
    for (let at = 0; at < bytes.length; at += ATTACHMENT_LIMITS.chunkBytes)
      encoded.set(`${key}:${at}`, base64Of(bytes.subarray(at, at + ATTACHMENT_LIMITS.chunkBytes)));
  const conversation: ConversationDetail = {
    ...summary('photos', `A conversation with ${images} photos`, now, messages.length),
    messages,
    currentLeafId: messages.at(-1)!.id,
  };
  return { handlers, conversation };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope, EventName, RequestInput, RequestName } from '../../../src/shared/contract.ts';
import { ParleyError } from '../../../src/shared/errors.ts';
import { dispatch } from '../../../src/main/core/rpc/bind-contract.ts';
import { ATTACHMENT_LIMITS } from '../../../src/shared/attachments.ts';
import type { Peer } from '../../../src/main/core/rpc/bind-contract.ts';
import type { Api } from '../../../src/renderer/src/lib/api.ts';
import { AttachmentDraft } from '../../../src/renderer/src/lib/attachments/draft.ts';
import type { DraftItem } from '../../../src/renderer/src/lib/attachments/draft.ts';
import { AttachmentUrls, readAttachment } from '../../../src/renderer/src/lib/attachments/bytes.ts';
import type { CoreHarness } from '../../integration/core/harness.ts';
import { startCore } from '../../integration/core/harness.ts';

/**
 * The window's attachment draft and reads against the real core (its upload handlers, the ingest
 * and the attachment store on a real data folder), one window as a peer, as the socket makes it.
 */
let harness: CoreHarness;

function windowApi(): { api: Api; requests: RequestName[] } {
  const peer: Peer = { id: crypto.randomUUID(), send: () => {}, onClose: () => {} };
  const requests: RequestName[] = [];
  const api = {
    // As the window's own `call` (lib/api.ts) does: an error envelope is thrown as a ParleyError.
    async call(name: RequestName, input?: RequestInput<RequestName>) {
      requests.push(name);
      const envelope = (await dispatch(harness.core.handlers, {
        name,
        input: input ?? {},
        peer,
        trusted: true,
      })) as Envelope<unknown>;
      if (!envelope.ok) throw new ParleyError(envelope.error);
      return envelope.value;
    },
    on: (_name: EventName, _listener: (payload: unknown) => void) => () => {},
  } as Api;
  return { api, requests };
}

/** Resolves when no item is still on its way; returns the items. */
async function settled(draft: AttachmentDraft): Promise<DraftItem[]> {
  await expect
    .poll(() => draft.get().every((i) => i.state === 'ready' || i.state === 'failed'), { timeout: 15_000 })
    .toBe(true);
  return draft.get();
}

/**
 * Node has no FileReader (the window's base64 encoder for the bytes it uploads): a stand-in that
 * gives the same data URL from Node's own encoder. Everything else here is the real thing.
 */
class NodeFileReader {
  result: string | null = null;
  error: unknown = null;
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  readAsDataURL(blob: Blob): void {
    blob.arrayBuffer().then(
      (bytes) => {
        this.result = `data:${blob.type};base64,${Buffer.from(bytes).toString('base64')}`;
        this.onload?.();
      },
      (error: unknown) => {
        this.error = error;
        this.onerror?.();
      },
    );
  }
}

beforeAll(async () => {
  (globalThis as { FileReader?: unknown }).FileReader ??= NodeFileReader;
  harness = await startCore({ id: 'setup', send: () => {}, onClose: () => {} }, 'draft');
});
afterAll(() => harness.close());

describe('the attachment draft', () => {
  it('uploads each file in chunks as it is added, and lists what main stored, in order', async () => {
    const { api, requests } = windowApi();
    const draft = new AttachmentDraft(api);
    const fractions: number[] = [];
    draft.subscribe(() => {
      const big = draft.get()[1];
      if (big?.state === 'uploading') fractions.push(big.fraction);
    });
    // Under the text cap in characters, over one chunk in bytes (three bytes a character in UTF-8).
    const line = '敏捷的棕色狐狸跳过了懒狗。\n';
    const long = line.repeat(Math.floor(ATTACHMENT_LIMITS.maxTextChars / line.length) - 10);
    draft.add([
      new File(['hello from a note'], 'note.txt', { type: 'text/plain' }),
      new File([long], 'long.md', { type: 'text/markdown' }),
    ]);
    expect(draft.ready()).toBeNull(); // still on their way
    const whenStored = draft.settled(); // what a send pressed now waits for
    const items = await settled(draft);
    expect(items.map((i) => [i.name, i.state, i.problem])).toEqual([
      ['note.txt', 'ready', null],
      ['long.md', 'ready', null],
    ]);
    const refs = draft.ready()!;
    expect(await whenStored).toEqual(refs);
    expect(refs.map((r) => [r.name, r.kind, r.size])).toEqual([
      ['note.txt', 'text', 17],
      ['long.md', 'text', new Blob([long]).size],
    ]);
    expect(refs[1]!.tokens).toBeGreaterThan(100_000);
    // One chunk for the note, two for the long text: progress rises through them.
    expect(new Blob([long]).size).toBeGreaterThan(ATTACHMENT_LIMITS.chunkBytes);
    expect(requests.filter((r) => r === 'attachments.chunk')).toHaveLength(3);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.some((f) => f > 0 && f < 1)).toBe(true);
    // What main stored reads back byte for byte.
    const back = await readAttachment(api, refs[1]!.id);
    expect(await back.text()).toBe(long);
    draft.clear();
    expect(draft.get()).toEqual([]);
  });

  it('refuses a file over the cap, an empty one and one too many before sending a byte', async () => {
    const { api, requests } = windowApi();
    const draft = new AttachmentDraft(api);
    draft.add([
      new File([new Uint8Array(ATTACHMENT_LIMITS.maxFileBytes + 1)], 'huge.bin'),
      new File([], 'empty.txt'),
    ]);
    expect(draft.get().map((i) => [i.state, i.problem?.kind])).toEqual([
      ['failed', 'tooLarge'],
      ['failed', 'empty'],
    ]);
    expect(requests).toEqual([]);
    expect(draft.ready()).toBeNull(); // a failed file blocks the send until it is removed
    for (const item of draft.get()) draft.remove(item.key);
    const files = Array.from(
      { length: ATTACHMENT_LIMITS.maxFilesPerMessage + 1 },
      (_, i) => new File([`file ${i}`], `f${i}.txt`, { type: 'text/plain' }),
    );
    draft.add(files);
    const items = await settled(draft);
    expect(items.filter((i) => i.state === 'ready')).toHaveLength(ATTACHMENT_LIMITS.maxFilesPerMessage);
    expect(items.at(-1)!.problem).toEqual({ kind: 'tooMany' });
    draft.remove(items.at(-1)!.key);
    expect(draft.ready()).toHaveLength(ATTACHMENT_LIMITS.maxFilesPerMessage);
  });

  it('shows main’s refusal of a file it cannot take, and forgets a file removed while it uploads', async () => {
    const { api } = windowApi();
    const draft = new AttachmentDraft(api);
    // Not text, not an image, not a PDF: main sniffs the bytes and refuses them.
    const binary = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    draft.add([new File([binary], 'program.exe')]);
    draft.add([new File(['kept'], 'kept.txt', { type: 'text/plain' })]);
    draft.remove(draft.get()[1]!.key);
    const [item, ...rest] = await settled(draft);
    expect(rest).toEqual([]);
    expect(item!.state).toBe('failed');
    expect(draft.hasProblem()).toBe(true);
    expect(await draft.settled()).toBeNull();
    expect(item!.problem).toMatchObject({ kind: 'failed', error: { reason: 'attachment_kind' } });
  });
});

describe('attachment object URLs', () => {
  it('reads an image once for all who show it, and reads it again after it was let go', async () => {
    const { api, requests } = windowApi();
    const draft = new AttachmentDraft(api);
    draft.add([new File(['a stored text'], 'shown.txt', { type: 'text/plain' })]);
    const [item] = await settled(draft);
    const urls = new AttachmentUrls(api);
    const id = item!.ref!.id;
    const [a, b] = await Promise.all([urls.acquire(id), urls.acquire(id)]);
    expect(a).toBe(b);
    expect(requests.filter((r) => r === 'attachments.read')).toHaveLength(1);
    expect(await (await fetch(a)).text()).toBe('a stored text');
    await expect(urls.acquire('0'.repeat(64))).rejects.toMatchObject({ code: 'not_found' });
    // A failed read is not kept: the next look asks again.
    await expect(urls.acquire('0'.repeat(64))).rejects.toBeTruthy();
    expect(requests.filter((r) => r === 'attachments.read')).toHaveLength(3);
  });
});

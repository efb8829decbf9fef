import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AttachmentChoice, AttachmentRef } from '../../../src/shared/attachments.ts';
import { ParleyError } from '../../../src/shared/errors.ts';
import type { ModelRef, ProviderConfig } from '../../../src/shared/providers.ts';
import type { ModelOverrides } from '../../../src/main/core/llm/capabilities.ts';
import { createChat, type ChatSettings } from '../../../src/main/core/chat/create-chat.ts';
import type { ChatService } from '../../../src/main/core/chat/chat-service.ts';
import type { LlmClient } from '../../../src/main/core/llm/client.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import { openHistory, type HistoryService } from '../../../src/main/core/store/history-service.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { mockProvider } from '../llm/support.ts';
import { recordingPeer, streamEnd } from '../core/harness.ts';

/**
 * Attachments on the wire, through the real chat service, client, SQLite history with its attachment
 * store, and the mock server (which checks the parts as the real APIs do): OpenAI, Azure and
 * Anthropic each get an image, a text file and a PDF in their own shapes with the exact bytes; a
 * model that cannot read images is refused before any request is made.
 */

let mock: MockServer;
let history: HistoryService;
let client: LlmClient;
let chat: ChatService;
let overrides: ModelOverrides = {};
let failover: ModelRef[] = [];

let providers: ProviderConfig[] = [];

beforeAll(async () => {
  mock = await startMockServer({ defaults: { chunkDelayMs: 0 } });
  providers = [
    mockProvider(mock.url, 'openai', { models: [] }),
    mockProvider(mock.url, 'azure', { models: [], apiVersion: '2025-03-01-preview' }),
    mockProvider(mock.url, 'anthropic', { models: [] }),
  ];
  const secrets = new MemorySecretStore();
  for (const provider of providers) await secrets.set(provider.id, 'sk-attachments-test-0001');
  ({ history } = await openHistory({ dataDir: mkdtempSync(join(tmpdir(), 'parley-attach-')) }));
  const settings = (): ChatSettings => ({
    providers,
    defaultModel: { providerId: 'mock-openai', model: 'gpt-4o' },
    failoverChain: failover,
    priceOverrides: {},
    modelOverrides: overrides,
  });
  ({ client, chat } = createChat({
    settings,
    secrets,
    history,
    attachments: history.attachments,
    titles: history,
  }));
});
beforeEach(() => {
  mock.reset();
  overrides = {};
  failover = [];
});
afterAll(async () => {
  await chat.settled();
  await client.close();
  history.close();
  await mock.close();
});

/** A real 40×30 PNG (pngjs), a text file whose text holds a fence of its own, and a tiny PDF. */
function pngBytes(): Buffer {
  const data = Buffer.alloc(40 * 30 * 4);
  for (let i = 0; i < data.length; i += 4) data.set([i % 256, 80, 160, 255], i);
  return PNG.sync.write({ width: 40, height: 30, data });
}
const PNG_BYTES = pngBytes();
const NOTES = 'Shopping list\n```\nmilk\n```\n你好';
const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
const PDF_TEXT = 'Quarterly report: revenue is up.';

function stored(): { image: AttachmentRef; notes: AttachmentRef; pdf: AttachmentRef } {
  const store = history.attachments;
  return {
    image: store.put(PNG_BYTES, {
      kind: 'image',
      name: 'photo.png',
      mime: 'image/png',
      width: 40,
      height: 30,
    }),
    notes: store.put(Buffer.from(NOTES), {
      kind: 'text',
      name: 'notes.txt',
      mime: 'text/plain',
      text: NOTES,
      tokens: 12,
    }),
    pdf: store.put(PDF_BYTES, {
      kind: 'pdf',
      name: 'report.pdf',
      mime: 'application/pdf',
      text: PDF_TEXT,
      tokens: 8,
    }),
  };
}

/** A window that records what it is sent, and waits for a stream's end. */
function peer() {
  const { peer: p, events } = recordingPeer(crypto.randomUUID());
  return { peer: p, done: (streamId: string) => streamEnd(events, streamId) };
}

/** One send in a new conversation, to `model` (null: the default), until its answer ends. */
async function ask(model: string | null, content: string, attachments: AttachmentChoice[]) {
  const p = peer();
  const ref = model === null ? null : { providerId: 'mock-openai', model };
  const sent = await chat.send({ content, conversationId: null, model: ref, attachments }, p.peer);
  return { sent, end: await p.done(sent.streamId) };
}

const conversationCount = () => history.list({ limit: 200 }).items.length;
const b64 = (bytes: Buffer) => bytes.toString('base64');
const TEXT_FILE = 'File: notes.txt\n\n````\nShopping list\n```\nmilk\n```\n你好\n````';
const PDF_AS_TEXT = `File: report.pdf (text extracted from the PDF)\n\n\`\`\`\n${PDF_TEXT}\n\`\`\``;

/** Sends the three files with a question to `model` and returns the last user message's content as received. */
async function sendAll(providerId: string, model: string) {
  const { image, notes, pdf } = stored();
  const p = peer();
  const sent = await chat.send(
    {
      content: 'What are these?',
      conversationId: null,
      model: { providerId, model },
      attachments: [{ id: image.id, detail: 'high' }, { id: notes.id }, { id: pdf.id }],
    },
    p.peer,
  );
  const end = await p.done(sent.streamId);
  expect(end.error).toBeNull();
  expect(end.state).toBe('complete');
  const request = mock.requests.at(-1)!;
  const messages = (request.body as { messages: { role: string; content: unknown }[] }).messages;
  return {
    sent,
    request,
    content: messages.findLast((m) => m.role === 'user')!.content,
    ids: { image, notes, pdf },
  };
}

describe('attachments on the wire', () => {
  it('OpenAI: an image_url data URL with its detail, the text file as named text, the PDF as a native file part', async () => {
    const { content, request, sent, ids } = await sendAll('mock-openai', 'gpt-4o');
    expect(request.path).toBe('/v1/chat/completions');
    expect(content).toEqual([
      { type: 'text', text: 'What are these?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${b64(PNG_BYTES)}`, detail: 'high' } },
      { type: 'text', text: TEXT_FILE },
      {
        type: 'file',
        file: { filename: 'report.pdf', file_data: `data:application/pdf;base64,${b64(PDF_BYTES)}` },
      },
    ]);
    // Stored with its parts: the text first, then the files in the order sent.
    const user = history.getMessage(sent.userMessageId);
    expect(user.content).toBe('What are these?');
    expect(
      user.parts.map((part) =>
        part.type === 'text' ? part.text : 'attachment' in part ? part.attachment.id : part.type,
      ),
    ).toEqual(['What are these?', ids.image.id, ids.notes.id, ids.pdf.id]);
    expect(user.parts[1]).toMatchObject({ type: 'image', detail: 'high' });
  });

  it('OpenAI-style model without native PDFs: the PDF goes as its extracted text with its name', async () => {
    const { content } = await sendAll('mock-openai', 'gpt-4-turbo');
    expect(content).toEqual([
      { type: 'text', text: 'What are these?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${b64(PNG_BYTES)}`, detail: 'high' } },
      { type: 'text', text: TEXT_FILE },
      { type: 'text', text: PDF_AS_TEXT },
    ]);
  });

  it('Azure: the same parts on a deployment; its PDFs go as text unless corrected for the deployment', async () => {
    const first = await sendAll('mock-azure', 'gpt-4o');
    expect(first.request.path).toBe('/openai/deployments/gpt-4o/chat/completions');
    expect(first.request.api).toBe('azure');
    expect(first.content).toEqual([
      { type: 'text', text: 'What are these?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${b64(PNG_BYTES)}`, detail: 'high' } },
      { type: 'text', text: TEXT_FILE },
      { type: 'text', text: PDF_AS_TEXT },
    ]);
    overrides = { 'mock-azure/gpt-4o': { inputs: { pdf: true } } };
    const { content } = await sendAll('mock-azure', 'gpt-4o');
    expect((content as unknown[]).at(-1)).toEqual({
      type: 'file',
      file: { filename: 'report.pdf', file_data: `data:application/pdf;base64,${b64(PDF_BYTES)}` },
    });
  });

  it('Anthropic: a base64 image block, the text file as a text block, the PDF as a document block', async () => {
    const { content, request } = await sendAll('mock-anthropic', 'claude-sonnet-4-5');
    expect(request.path).toBe('/v1/messages');
    expect(content).toEqual([
      { type: 'text', text: 'What are these?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: b64(PNG_BYTES) } },
      { type: 'text', text: TEXT_FILE },
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: b64(PDF_BYTES) },
        title: 'report.pdf',
      },
    ]);
  });

  it('Anthropic model without native PDFs: the PDF goes as text', async () => {
    const { content } = await sendAll('mock-anthropic', 'claude-3-haiku-20240307');
    expect((content as unknown[]).at(-1)).toEqual({ type: 'text', text: PDF_AS_TEXT });
  });
});

/** What `chat.send` throws, as the caller sees it. */
async function refusal(run: () => unknown): Promise<ParleyError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ParleyError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('a model that cannot read images', () => {
  it('is refused in plain words before any request is made, and nothing is stored', async () => {
    const { image } = stored();
    const before = conversationCount();
    const error = await refusal(() =>
      chat.send(
        {
          content: 'What is in this picture?',
          conversationId: null,
          model: { providerId: 'mock-openai', model: 'local-llama' },
          attachments: [{ id: image.id }],
        },
        peer().peer,
      ),
    );
    expect(error.toJSON()).toEqual({
      code: 'invalid_input',
      reason: 'model_no_images',
      params: { model: 'local-llama' },
      message: 'local-llama cannot read images. Pick a model that can, or remove the image.',
    });
    expect(mock.requests).toEqual([]);
    expect(conversationCount()).toBe(before);
  });

  it('takes them once the person corrects the table for that model (modelOverrides.inputs.images)', async () => {
    const { image } = stored();
    overrides = { 'local-llama': { inputs: { images: true } } };
    const { end } = await ask('local-llama', '', [{ id: image.id, detail: 'low' }]);
    expect(end.state).toBe('complete');
    expect(mock.requests).toHaveLength(1);
    const messages = (mock.requests[0]!.body as { messages: { content: unknown }[] }).messages;
    // No text was typed: the image alone, no empty text part.
    expect(messages.at(-1)!.content).toEqual([
      { type: 'image_url', image_url: { url: `data:image/png;base64,${b64(PNG_BYTES)}`, detail: 'low' } },
    ]);
  });

  it('is what a real text-only model would answer with a 400 if Parley sent the image anyway', async () => {
    const { image } = stored();
    // A wrong correction: the table knew better, and the mock answers as OpenAI does.
    overrides = { 'gpt-3.5-turbo': { inputs: { images: true } } };
    const { end } = await ask('gpt-3.5-turbo', 'And this?', [{ id: image.id }]);
    expect(end.state).toBe('error');
    expect(end.error?.detail ?? end.error?.message).toContain(
      'Invalid content type. image_url is only supported by certain models.',
    );
  });

  it('in the failover chain is skipped: the request goes on to a model that reads images', async () => {
    const { image } = stored();
    failover = [
      { providerId: 'mock-openai', model: 'local-llama' },
      { providerId: 'mock-anthropic', model: 'claude-sonnet-4-5' },
    ];
    mock.enqueue({ status: 503 });
    const { end } = await ask(null, 'Look', [{ id: image.id }]);
    expect(end.state).toBe('complete');
    expect(end.answeredBy).toEqual({ providerId: 'mock-anthropic', model: 'claude-sonnet-4-5' });
    expect(mock.requests.map((r) => (r.body as { model: string }).model)).toEqual([
      'gpt-4o',
      'claude-sonnet-4-5',
    ]);
  });

  it('is refused when an earlier message of the conversation holds an image, and when regenerating with it', async () => {
    const { image } = stored();
    const p = peer();
    const { sent: first } = await ask(null, 'Look', [{ id: image.id }]);
    mock.reset();
    const followUp = await refusal(() =>
      chat.send(
        {
          content: 'Now without pictures',
          conversationId: first.conversationId,
          model: { providerId: 'mock-openai', model: 'local-llama' },
        },
        p.peer,
      ),
    );
    expect(followUp.reason).toBe('model_no_images');
    const again = await refusal(() =>
      chat.regenerate(first.userMessageId, { providerId: 'mock-openai', model: 'local-llama' }, p.peer),
    );
    expect(again.reason).toBe('model_no_images');
    expect(mock.requests).toEqual([]);
    expect(history.open(first.conversationId).messages).toHaveLength(2);
  });
});

describe('attachments through a conversation', () => {
  it('an unknown attachment id is refused in plain words and nothing is stored', async () => {
    const before = conversationCount();
    const error = await refusal(() =>
      chat.send(
        { content: 'Here', conversationId: null, model: null, attachments: [{ id: 'a'.repeat(64) }] },
        peer().peer,
      ),
    );
    expect(error.toJSON()).toMatchObject({ code: 'not_found', reason: 'attachment_missing' });
    expect(error.message).toBe('An attached file is no longer stored in Parley. Attach it again.');
    expect(conversationCount()).toBe(before);
    expect(mock.requests).toEqual([]);
  });

  it('earlier messages keep their parts in later requests, and Regenerate resends them', async () => {
    const { image, notes } = stored();
    const p = peer();
    const first = await chat.send(
      {
        content: 'Read these',
        conversationId: null,
        model: { providerId: 'mock-anthropic', model: 'claude-sonnet-4-5' },
        attachments: [{ id: image.id }, { id: notes.id }],
      },
      p.peer,
    );
    await p.done(first.streamId);
    const second = await chat.send(
      { content: 'And then?', conversationId: first.conversationId, model: null },
      p.peer,
    );
    await p.done(second.streamId);
    const expected = [
      { type: 'text', text: 'Read these' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: b64(PNG_BYTES) } },
      { type: 'text', text: TEXT_FILE },
    ];
    const body = mock.requests.at(-1)!.body as { messages: { role: string; content: unknown }[] };
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(body.messages[0]!.content).toEqual(expected);
    // A message without attachments keeps today's plain string.
    expect(body.messages[2]!.content).toBe('And then?');
    const regenerated = chat.regenerate(first.userMessageId, null, p.peer);
    await p.done(regenerated.streamId);
    const resent = mock.requests.at(-1)!.body as { messages: { content: unknown }[] };
    expect(resent.messages).toHaveLength(1);
    expect(resent.messages[0]!.content).toEqual(expected);
  });

  it('Continue resends the parts of the messages before the interrupted answer', async () => {
    const { image } = stored();
    const p = peer();
    mock.enqueue({ text: 'The picture shows', finishReason: 'length' });
    const first = await chat.send(
      { content: 'Describe', conversationId: null, model: null, attachments: [{ id: image.id }] },
      p.peer,
    );
    expect((await p.done(first.streamId)).state).not.toBe('complete');
    const continued = chat.continue(first.assistantMessageId, p.peer);
    await p.done(continued.streamId);
    const body = mock.requests.at(-1)!.body as { messages: { role: string; content: unknown }[] };
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(body.messages[0]!.content).toEqual([
      { type: 'text', text: 'Describe' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${b64(PNG_BYTES)}`, detail: 'auto' } },
    ]);
  });

  it('the generated title is asked from the text alone', async () => {
    const { image, pdf } = stored();
    await ask('gpt-4o', 'Name this chart', [{ id: image.id }, { id: pdf.id }]);
    await chat.settled();
    const title = mock.titleRequests.at(-1)!.body as { messages: { content: unknown }[] };
    for (const message of title.messages) expect(typeof message.content).toBe('string');
    expect(JSON.stringify(title)).toContain('Name this chart');
    expect(JSON.stringify(title)).not.toContain(b64(PNG_BYTES).slice(0, 40));
  });

  it('the preview counts the attachments: files by their tokens, images by the API’s own rule', async () => {
    const { image, notes } = stored();
    const model = { providerId: 'mock-openai', model: 'gpt-4o' };
    const base = { conversationId: null, content: 'Count me', model };
    const plain = await chat.preview(base);
    const withFile = await chat.preview({ ...base, attachments: [{ id: notes.id }] });
    expect(withFile.inputTokens - plain.inputTokens).toBe(12);
    // OpenAI: a 40×30 image is one 512-pixel tile at high detail (85 + 170), 85 at low.
    const high = await chat.preview({ ...base, attachments: [{ id: image.id, detail: 'high' }] });
    const low = await chat.preview({ ...base, attachments: [{ id: image.id, detail: 'low' }] });
    expect(high.inputTokens - plain.inputTokens).toBe(255);
    expect(low.inputTokens - plain.inputTokens).toBe(85);
    // Anthropic: width × height / 750.
    const claude = { ...base, model: { providerId: 'mock-anthropic', model: 'claude-sonnet-4-5' } };
    const claudePlain = await chat.preview(claude);
    const claudeImage = await chat.preview({ ...claude, attachments: [{ id: image.id }] });
    expect(claudeImage.inputTokens - claudePlain.inputTokens).toBe(Math.ceil((40 * 30) / 750));
  });
});

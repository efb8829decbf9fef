/** The mock checks message parts as the real APIs do, so a wrong part shape fails the tests that send it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { sentParts } from '../../mock-server/content-rules.ts';
import { ANTHROPIC_HEADERS, OPENAI_HEADERS, post } from './raw-client.ts';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 0 }, textOnlyModels: ['my-text-model'] });
});
afterAll(() => server.close());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const PDF = Buffer.from('%PDF-1.7\n%%EOF\n', 'latin1');
const pngUrl = `data:image/png;base64,${PNG.toString('base64')}`;

async function openAi(parts: unknown[], model = 'gpt-4o', role = 'user', path = '/v1/chat/completions') {
  const body = JSON.stringify({ model, messages: [{ role, content: parts }] });
  const headers = path.startsWith('/openai') ? { ...OPENAI_HEADERS, 'api-key': 'k' } : OPENAI_HEADERS;
  const response = await post(`${server.url}${path}`, body, headers);
  return { status: response.status, body: (await response.json()) as { error?: Record<string, unknown> } };
}

async function anthropic(blocks: unknown[], model = 'claude-sonnet-4-5') {
  const body = JSON.stringify({ model, max_tokens: 50, messages: [{ role: 'user', content: blocks }] });
  const response = await post(`${server.url}/v1/messages`, body, ANTHROPIC_HEADERS);
  return { status: response.status, body: (await response.json()) as { error?: { message: string } } };
}

describe('OpenAI and Azure content parts', () => {
  it('accept text, an image data URL with its detail, an http(s) image URL and a PDF file part', async () => {
    const parts = [
      { type: 'text', text: 'hi' },
      { type: 'image_url', image_url: { url: pngUrl, detail: 'high' } },
      { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
      {
        type: 'file',
        file: { filename: 'a.pdf', file_data: `data:application/pdf;base64,${PDF.toString('base64')}` },
      },
    ];
    expect((await openAi(parts)).status).toBe(200);
    expect(
      (
        await openAi(
          parts,
          'gpt-4o',
          'user',
          '/openai/deployments/gpt-4o/chat/completions?api-version=2025-03-01-preview',
        )
      ).status,
    ).toBe(200);
    expect(sentParts(server.requests.at(-1)!.body)).toEqual([
      { type: 'text', text: 'hi' },
      { type: 'image', mime: 'image/png', bytes: PNG, detail: 'high' },
      { type: 'image', mime: '', bytes: Buffer.alloc(0), detail: undefined },
      { type: 'pdf', name: 'a.pdf', bytes: PDF },
    ]);
  });

  it.each([
    [
      'a detail it does not know',
      [{ type: 'image_url', image_url: { url: pngUrl, detail: 'huge' } }],
      'image_url.detail',
    ],
    [
      'a data URL that is not an image',
      [{ type: 'image_url', image_url: { url: 'data:text/plain;base64,aGk=' } }],
      'image_url.url',
    ],
    [
      'a bare base64 string',
      [{ type: 'image_url', image_url: { url: PNG.toString('base64') } }],
      'image_url.url',
    ],
    [
      'a file part without its name',
      [{ type: 'file', file: { file_data: `data:application/pdf;base64,${PDF.toString('base64')}` } }],
      'file.filename',
    ],
    [
      'a file part that is not a PDF',
      [{ type: 'file', file: { filename: 'a.pdf', file_data: pngUrl } }],
      'file.file_data',
    ],
    ['a part type it does not know', [{ type: 'image', data: 'x' }], 'type'],
  ])('refuse %s with a 400 naming the field', async (_what, parts, field) => {
    const reply = await openAi(parts);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      type: 'invalid_request_error',
      param: `messages[0].content[0].${field}`,
    });
  });

  it('refuse an image whose bytes are not what its type says', async () => {
    const reply = await openAi([
      { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${PNG.toString('base64')}` } },
    ]);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'invalid_image_format' });
  });

  it('refuse file parts for models without them, as OpenAI does', async () => {
    const file = { filename: 'a.pdf', file_data: `data:application/pdf;base64,${PDF.toString('base64')}` };
    const reply = await openAi([{ type: 'file', file }], 'gpt-4-turbo');
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      message: "Invalid Value: 'file'. This model does not support file content types.",
      param: 'messages[0].content[0].type',
    });
  });

  it('refuse images outside user messages', async () => {
    const reply = await openAi([{ type: 'image_url', image_url: { url: pngUrl } }], 'gpt-4o', 'assistant');
    expect(reply.status).toBe(400);
  });

  it.each(['my-text-model', 'gpt-3.5-turbo', 'some-text-only-model'])(
    'a text-only model (%s) answers an image as OpenAI does',
    async (model) => {
      const reply = await openAi(
        [
          { type: 'text', text: 'hi' },
          { type: 'image_url', image_url: { url: pngUrl } },
        ],
        model,
      );
      expect(reply.status).toBe(400);
      expect(reply.body.error).toEqual({
        message: 'Invalid content type. image_url is only supported by certain models.',
        type: 'invalid_request_error',
        param: 'messages.[0].content.[1].type',
        code: null,
      });
    },
  );
});

describe('Anthropic content blocks', () => {
  const image = (media_type: string, data: string) => ({
    type: 'image',
    source: { type: 'base64', media_type, data },
  });

  it('accept text, image and PDF document blocks', async () => {
    const reply = await anthropic([
      { type: 'text', text: 'hi' },
      image('image/png', PNG.toString('base64')),
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: PDF.toString('base64') },
        title: 'a.pdf',
      },
    ]);
    expect(reply.status).toBe(200);
    expect(sentParts(server.requests.at(-1)!.body)).toEqual([
      { type: 'text', text: 'hi' },
      { type: 'image', mime: 'image/png', bytes: PNG },
      { type: 'pdf', name: 'a.pdf', bytes: PDF },
    ]);
  });

  it.each([
    [
      'an image type it does not take',
      [image('image/svg+xml', PNG.toString('base64'))],
      'media_type: Input should be',
    ],
    ['invalid base64', [image('image/png', 'not base64!')], 'Invalid base64 data'],
    [
      'bytes that are not the type named',
      [image('image/jpeg', PNG.toString('base64'))],
      'appears to be a image/png image',
    ],
    [
      'a document that is not a PDF',
      [{ type: 'document', source: { type: 'base64', media_type: 'text/plain', data: 'aGk=' } }],
      "Input should be 'application/pdf'",
    ],
    ['an empty text block', [{ type: 'text', text: '' }], 'text content blocks must be non-empty'],
  ])('refuse %s with a 400', async (_what, blocks, words) => {
    const reply = await anthropic(blocks);
    expect(reply.status).toBe(400);
    expect(reply.body.error!.message).toContain(words);
  });
});

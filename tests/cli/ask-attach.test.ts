import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { attachmentsOf } from '../../src/shared/attachments.ts';
import { openHistory } from '../../src/main/core/store/history-service.ts';
import { sentParts } from '../mock-server/content-rules.ts';
import { startMockServer, type MockServer } from '../mock-server/server.ts';
import { makeJpeg, makePdf, makePng } from '../unit/attachments/make-files.ts';
import { runCli, type Run } from './run-cli.ts';

const KEY = 'sk-cli-attach-key-1234567890';
let server: MockServer;
let dataDir: string;
let files: string;

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 1 } });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  dataDir = mkdtempSync(join(tmpdir(), 'parley-attach-'));
  files = mkdtempSync(join(tmpdir(), 'parley-attach-files-'));
  return () => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  };
});

const run = (argv: string[]): Promise<Run> =>
  runCli(['ask', '--api-key-env', 'CLI_KEY', ...argv], { CLI_KEY: KEY, PARLEY_DATA_DIR: dataDir });
const openai = (model = 'gpt-4o') => ['--base-url', `${server.url}/v1`, '--model', model];
const anthropic = () => ['--api', 'anthropic', '--base-url', server.url, '--model', 'claude-sonnet-4-5'];
const file = (name: string, content: Uint8Array | string) => {
  const path = join(files, name);
  writeFileSync(path, content);
  return path;
};

describe('parley ask --attach', () => {
  it('sends an image’s exact bytes as a data URL (OpenAI) and as a base64 image block (Anthropic)', async () => {
    const png = makePng(64, 48);
    const photo = file('photo.png', png);
    server.enqueue({ text: 'A gradient.' }, { text: 'A gradient, again.' });
    const viaOpenAi = await run([...openai(), '--attach', photo, 'What is this?']);
    expect(viaOpenAi).toMatchObject({ code: 0, stdout: 'A gradient.\n', stderr: '' });
    const body = server.requests[0]!.body as { messages: { content: unknown }[] };
    expect(body.messages.at(-1)!.content).toEqual([
      { type: 'text', text: 'What is this?' },
      {
        type: 'image_url',
        image_url: { url: `data:image/png;base64,${Buffer.from(png).toString('base64')}`, detail: 'auto' },
      },
    ]);
    const viaClaude = await run([...anthropic(), '--no-save', '--attach', photo, 'What is this?']);
    expect(viaClaude).toMatchObject({ code: 0, stdout: 'A gradient, again.\n' });
    const [, image] = sentParts(server.requests[1]!.body);
    expect(image).toMatchObject({ type: 'image', mime: 'image/png' });
    expect(Buffer.compare((image as { bytes: Buffer }).bytes, Buffer.from(png))).toBe(0);
    // Saved with the conversation (the --no-save one is not).
    const { history } = await openHistory({ dataDir, autoBackupEveryMs: null });
    try {
      const [saved, ...others] = history.list({ limit: 10 }).items;
      expect(others).toEqual([]);
      const [question] = history.open(saved!.id).messages;
      expect(question!.parts).toMatchObject([
        { type: 'text', text: 'What is this?' },
        {
          type: 'image',
          attachment: { kind: 'image', name: 'photo.png', mime: 'image/png', width: 64, height: 48 },
        },
      ]);
      const [stored] = attachmentsOf(question!.parts);
      expect(Buffer.compare(history.attachments.bytes(stored!.id), Buffer.from(png))).toBe(0);
    } finally {
      history.close();
    }
  });

  it('sends a text file’s text with its name, and a PDF’s text (where the model does not read PDFs)', async () => {
    const notes = file('notes.txt', 'Buy milk.\nCall Ada at 3.\n');
    const report = file('report.pdf', makePdf(['Revenue grew 12% in Q3.']));
    server.enqueue({ text: 'Two things.' });
    const result = await run([...openai('local-model'), '--attach', notes, '--attach', report, 'Summarise']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(sentParts(server.requests[0]!.body)).toEqual([
      { type: 'text', text: 'Summarise' },
      { type: 'text', text: 'File: notes.txt\n\n```\nBuy milk.\nCall Ada at 3.\n\n```' },
      {
        type: 'text',
        text: 'File: report.pdf (text extracted from the PDF)\n\n```\nRevenue grew 12% in Q3.\n```',
      },
    ]);
  });

  it('scales a large photo down, upright, before sending it', async () => {
    const photo = file('IMG_0001.JPG', makeJpeg(3000, 1000, 8, 40));
    server.enqueue({ text: 'ok' });
    expect(await run([...openai(), '--no-save', '--attach', photo, 'hi'])).toMatchObject({ code: 0 });
    const [, image] = sentParts(server.requests[0]!.body) as [unknown, { bytes: Buffer; mime: string }];
    expect(image.mime).toBe('image/jpeg');
    // Orientation 8 turns it a quarter: 1000x3000 as shown, 683x2048 once scaled.
    expect([
      image.bytes.readUInt16BE(image.bytes.indexOf(Buffer.from([0xff, 0xc0])) + 7),
      image.bytes.readUInt16BE(image.bytes.indexOf(Buffer.from([0xff, 0xc0])) + 5),
    ]).toEqual([683, 2048]);
  }, 60_000);

  it('stops before sending, in plain words and with exit status 2, for a missing, unknown or oversized file', async () => {
    const zip = file('archive.png', Buffer.from('PK\x03\x04 not an image', 'latin1'));
    const big = file('big.log', Buffer.alloc(20 * 1024 * 1024 + 1, 0x61));
    const cases: [string, RegExp][] = [
      [join(files, 'nowhere.png'), /--attach .*nowhere\.png: There is no such file\./],
      [zip, /--attach .*archive\.png: Parley cannot attach that kind of file \(a ZIP archive/],
      [big, /--attach .*big\.log: That file is larger than 20 MB, more than Parley attaches\./],
      [files, /--attach .*: That is not a file\./],
    ];
    for (const [path, message] of cases) {
      const result = await run([...openai(), '--attach', path, 'hi']);
      expect(result.code, path).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
    expect(server.requests).toEqual([]);
    const tooMany = await run([
      ...openai(),
      ...Array.from({ length: 21 }, () => ['--attach', zip]).flat(),
      'hi',
    ]);
    expect(tooMany).toMatchObject({ code: 2 });
    expect(tooMany.stderr).toContain('At most 20 files a message (--attach).');
  });

  it('says when a PDF has no text, and still sends it', async () => {
    const scan = file('scan.pdf', makePdf(['']));
    server.enqueue({ text: 'I cannot see any text.' });
    const result = await run([...openai('local-model'), '--no-save', '--attach', scan, 'Read this']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `${scan}: This PDF has no text (is it a scan?). Only a model that reads PDFs itself can see what it shows.\n`,
    );
    expect(sentParts(server.requests[0]!.body)).toHaveLength(2);
  });

  it('takes files without a prompt, and documents --attach in its help', async () => {
    server.enqueue({ text: 'Looks like a gradient.' });
    const result = await run([...openai(), '--no-save', '--attach', file('p.png', makePng(4, 4))]);
    expect(result).toMatchObject({ code: 0, stdout: 'Looks like a gradient.\n' });
    expect(sentParts(server.requests[0]!.body).map((p) => p.type)).toEqual(['image']);
    const help = await runCli(['ask', '--help'], {});
    expect(help.stdout).toContain('--attach FILE (repeatable)');
  });
});

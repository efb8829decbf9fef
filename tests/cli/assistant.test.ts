import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { AssistantStore } from '../../src/main/core/assistants/assistant-store.ts';
import { cliIo } from '../fixtures/cli-io.ts';
import { runParley } from '../fixtures/parley-process.ts';
import { startMockServer, type MockServer } from '../mock-server/server.ts';

/**
 * `parley assistant` and `parley ask --assistant`: the same assistant library as the app's (the
 * data folder's assistants.json), and what the mock server records is what `ask` sent.
 */
const KEY = 'sk-assistant-cli-2468';
let server: MockServer;
let dataDir = '';

beforeAll(async () => void (server = await startMockServer({ defaults: { chunkDelayMs: 1 } })));
afterAll(() => server.close());
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-assistant-cli-'));
  server.reset();
  return () => rmSync(dataDir, { recursive: true, force: true });
});

const parleyBin = (args: string[]) => runParley(args, { PARLEY_DATA_DIR: dataDir, PARLEY_TEST_KEY: KEY });

/** The command in this process (quicker), on the same data folder. */
async function parley(args: string[]) {
  const run = cliIo('', { PARLEY_DATA_DIR: dataDir, PARLEY_TEST_KEY: KEY });
  const code = await main(args, run.io);
  return { code, out: run.out(), err: run.err() };
}

const oneOff = () => ['--no-save', '--base-url', `${server.url}/v1`, '--api-key-env', 'PARLEY_TEST_KEY'];
const sent = () =>
  (server.requests.at(-1)!.body as { messages: { role: string; content: string }[] }).messages;

describe('parley assistant, then parley ask --assistant', () => {
  it('adds Terse, and ask --assistant Terse sends its system prompt and temperature (real processes)', async () => {
    const added = await parleyBin([
      'assistant',
      'add',
      'Terse',
      '--system',
      'Answer in one word.',
      '--temperature',
      '0.2',
    ]);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^Added Terse \(/);
    server.enqueue({ text: 'Hello.' });
    const asked = await parleyBin(['ask', '--assistant', 'Terse', ...oneOff(), 'hi']);
    expect(asked).toMatchObject({ code: 0, stdout: 'Hello.\n', stderr: '' });
    expect(sent()).toEqual([
      { role: 'system', content: 'Answer in one word.' },
      { role: 'user', content: 'hi' },
    ]);
    expect(server.requests.at(-1)!.body).toMatchObject({ temperature: 0.2 });
  }, 30_000);

  it('names the assistants there are when asked for one that is not there, and sends nothing', async () => {
    const result = await parley(['ask', '--assistant', 'Nobody', ...oneOff(), 'hi']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/There is no assistant named "Nobody"\. Assistants: .*Code reviewer/);
    expect(server.requests).toHaveLength(0);
    expect((await parley(['assistant', 'show', 'Nobody'])).code).toBe(1);
    expect((await parley(['ask', '--assistant', 'Code reviewer', '-c', 'x', 'hi'])).err).toMatch(
      /cannot continue one/,
    );
  });

  it('--system and the parameter flags win over the assistant’s; the rest comes from it', async () => {
    await parley(['assistant', 'add', 'Warm', '--system', 'Be warm.', '--temperature', '1.1']);
    server.enqueue({ text: 'Hi' });
    const asked = await parley(['ask', '--assistant', 'warm', '--system', 'Be cold.', ...oneOff(), 'hi']);
    expect(asked.code).toBe(0);
    expect(sent()[0]).toEqual({ role: 'system', content: 'Be cold.' });
    expect(server.requests.at(-1)!.body).toMatchObject({ temperature: 1.1 });
  });

  it('finds a built-in by its Chinese name and sends its prompt', async () => {
    server.enqueue({ text: 'Hello' });
    expect((await parley(['ask', '--assistant', '中英互译', ...oneOff(), '你好'])).code).toBe(0);
    expect(sent()[0]).toMatchObject({
      role: 'system',
      content: expect.stringMatching(/translator between Chinese and English/),
    });
  });
});

describe('parley assistant', () => {
  it('lists, shows, hides, removes; a built-in cannot be removed', async () => {
    await parley(['assistant', 'add', 'Poet', '--system', 'Rhyme.', '--emoji', '🎭']);
    const list = await parley(['assistant', 'list']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^code-reviewer\t🔍 Code reviewer \(代码审查\)\t\[built-in\]$/m);
    expect(list.out).toMatch(/\t🎭 Poet$/m);
    const shown = await parley(['assistant', 'show', 'poet']);
    expect(shown.out).toContain('model: the default model');
    expect(shown.out).toMatch(/system prompt:\nRhyme\.\n$/);

    expect(await parley(['assistant', 'remove', 'Summariser'])).toMatchObject({
      code: 1,
      err: 'A built-in assistant cannot be deleted; hide it instead.\n',
    });
    expect((await parley(['assistant', 'hide', 'Summariser'])).out).toBe('Summariser is hidden.\n');
    expect((await parley(['assistant', 'list'])).out).toMatch(/^summariser\t.*\[built-in, hidden\]$/m);
    expect((await parley(['assistant', 'remove', 'Poet'])).out).toBe('Removed Poet.\n');
    expect((await parley(['assistant', 'list'])).out).not.toContain('Poet');

    expect((await parley(['assistant', 'add', 'Hot', '--system', 'x', '--temperature', 'warm'])).code).toBe(
      2,
    );
    expect((await parley(['assistant', 'add', 'No prompt'])).err).toMatch(/--system TEXT/);
    expect((await parley(['assistant', 'frobnicate'])).code).toBe(2);
  });

  it('exports to a file and imports it elsewhere; a hostile file changes nothing', async () => {
    await parley(['assistant', 'add', 'Poet', '--system', 'Rhyme.']);
    const file = join(dataDir, 'mine.json');
    expect(await parley(['assistant', 'export', file])).toMatchObject({
      code: 0,
      out: `Exported 1 assistant to ${file}.\n`,
    });
    expect(await parley(['assistant', 'import', file])).toMatchObject({
      code: 0,
      out: 'Imported: 0 added, 1 updated, 0 skipped (not valid).\n',
    });
    const other = mkdtempSync(join(tmpdir(), 'parley-assistant-cli-b-'));
    try {
      const run = cliIo('', { PARLEY_DATA_DIR: other });
      expect(await main(['assistant', 'import', file], run.io)).toBe(0);
      expect(new AssistantStore({ dataDir: other }).find('Poet')?.systemPrompt).toBe('Rhyme.');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }

    const before = readFileSync(join(dataDir, 'assistants.json'), 'utf8');
    writeFileSync(file, '{"assistants": "nope"}');
    expect((await parley(['assistant', 'import', file])).err).toMatch(
      /was not imported because it holds no list/,
    );
    writeFileSync(file, 'x'.repeat(2 * 1024 * 1024 + 1));
    expect((await parley(['assistant', 'import', file])).err).toMatch(/too large/);
    expect((await parley(['assistant', 'import', join(dataDir, 'missing.json')])).err).toMatch(
      /There is no file/,
    );
    expect(readFileSync(join(dataDir, 'assistants.json'), 'utf8')).toBe(before);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openHistory } from '../../src/main/core/store/history-service.ts';
import { startMockServer, type MockServer } from '../mock-server/server.ts';
import { oneOffAsk, runCli } from './run-cli.ts';

/** `parley ask --system --temperature --top-p --max-tokens --reasoning-effort --header`, as the mock records them. */

const KEY = 'sk-cli-flags-key-1234567890';
let server: MockServer;
let dataDir: string;

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 0 } });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  dataDir = mkdtempSync(join(tmpdir(), 'parley-flags-'));
  return () => rmSync(dataDir, { recursive: true, force: true });
});

const run = (argv: string[]) => runCli(argv, { CLI_KEY: KEY, PARLEY_DATA_DIR: dataDir });

const ask = (model: string, ...rest: string[]) => [...oneOffAsk(server.url, model), ...rest];

describe('parley ask request flags', () => {
  it('sends exactly the system prompt, parameters and header given', async () => {
    server.enqueue({ text: 'Hello.' });
    const result = await run(
      ask(
        'gpt-4o',
        '--system',
        'Answer in one word.',
        '--temperature',
        '0.2',
        '--max-tokens',
        '50',
        '--header',
        'OpenAI-Version: 2024-10-01',
        'hi',
      ),
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!;
    expect(sent.body).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Answer in one word.' },
        { role: 'user', content: 'hi' },
      ],
      stream: true,
      temperature: 0.2,
      max_tokens: 50,
    });
    expect(sent.headers['openai-version']).toBe('2024-10-01');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('keeps the system prompt and parameters with the saved conversation', async () => {
    expect((await run(ask('gpt-4o', '--system', 'Be terse.', '--top-p', '0.5', 'hi'))).code).toBe(0);
    const { history } = await openHistory({ dataDir, autoBackupEveryMs: null });
    try {
      const id = history.list({ limit: 5 }).items[0]!.id;
      expect(history.settingsOf(id)).toMatchObject({ systemPrompt: 'Be terse.', parameters: { topP: 0.5 } });
    } finally {
      history.close();
    }
  });

  it('sends a reasoning model its effort and max_completion_tokens, and leaves out what it does not take', async () => {
    server.enqueue({ text: 'Hello.' });
    const result = await run(
      ask(
        'o3-mini',
        '--api',
        'openai',
        '--reasoning-effort',
        'low',
        '--max-tokens',
        '80',
        '--temperature',
        '1',
        '--no-save',
        'hi',
      ),
    );
    expect(result.code).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.body).toMatchObject({ reasoning_effort: 'low', max_completion_tokens: 80 });
    expect(server.requests[0]!.body).not.toHaveProperty('temperature');
  });

  it('sends several headers', async () => {
    await run(
      ask(
        'gpt-4o',
        '--header',
        'HTTP-Referer: https://parley.example',
        '--header',
        'X-Title:Parley',
        '--no-save',
        'hi',
      ),
    );
    expect(server.requests[0]!.headers).toMatchObject({
      'http-referer': 'https://parley.example',
      'x-title': 'Parley',
    });
  });

  it.each([
    [['--temperature', 'hot'], '--temperature must be a number from 0 to 2, not "hot".'],
    [['--temperature', '2.5'], '--temperature must be a number from 0 to 2, not "2.5".'],
    [['--top-p', '-1'], '--top-p must be a number from 0 to 1, not "-1".'],
    [['--max-tokens', '1.5'], '--max-tokens must be a whole number from 1 to 1000000, not "1.5".'],
    [['--reasoning-effort', 'max'], '--reasoning-effort must be low, medium, high, not "max".'],
    [['--header', 'no colon'], '--header: "no colon" is not a header: write it as "Name: value".'],
    [['--header', 'Bad Name: x'], '--header: A header name has only letters'],
    [
      ['--header', 'Authorization: Bearer x'],
      '--header: Parley sets Authorization itself; it cannot be a custom header.',
    ],
    [['--header', 'X-A: 1', '--header', 'x-a: 2'], '--header: x-a is given twice.'],
    [['--continue', '--system', 'x'], '--system and the parameter flags start a new conversation'],
  ])('refuses %j in plain words, sending nothing', async (flags, message) => {
    const result = await run(ask('gpt-4o', ...flags, 'hi'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(server.requests).toHaveLength(0);
  });
});

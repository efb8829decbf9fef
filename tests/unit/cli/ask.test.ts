import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AskDeps } from '../../../src/cli/ask.ts';
import type { CommandIo } from '../../../src/cli/history.ts';
import { commands, main } from '../../../src/cli/main.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import type { ExchangeRecorder } from '../../../src/main/core/store/exchange-recorder.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';

const KEY = 'sk-cli-test-key-9876543210';
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 1 } });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as the pieces it was written in. */
  writes: string[];
}

async function run(
  argv: string[],
  options: { env?: Record<string, string>; stdin?: string; deps?: AskDeps } = {},
): Promise<Run> {
  const writes: string[] = [];
  const errors: string[] = [];
  const io: CommandIo = {
    stdout: (text) => void writes.push(text),
    stderr: (text) => void errors.push(text),
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    stdinIsTTY: options.stdin === undefined,
    stdoutIsTTY: false,
    env: { CLI_KEY: KEY, ...options.env },
  };
  const code = await main(argv, io, { ask: options.deps ?? {} });
  return { code, stdout: writes.join(''), stderr: errors.join(''), writes };
}

const openai = () => [
  'ask',
  '--base-url',
  `${server.url}/v1`,
  '--api-key-env',
  'CLI_KEY',
  '--model',
  'gpt-4o',
];

function fakeRecorder() {
  const calls = { init: [] as unknown[], text: '', reasoning: '', finish: [] as unknown[] };
  const record: AskDeps['record'] = (init): ExchangeRecorder => {
    calls.init.push(init);
    return {
      conversationId: 'c',
      messageId: 'm',
      text: (delta) => void (calls.text += delta),
      reasoning: (delta) => void (calls.reasoning += delta),
      finish: (result) => void calls.finish.push(result),
    };
  };
  return { calls, record };
}

describe('parley ask', () => {
  it('streams the answer text to stdout as it arrives and ends with a newline', async () => {
    const result = await run([...openai(), 'What', 'is', 'Parley?']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('> What is Parley?');
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(result.writes.length).toBeGreaterThan(10);
    expect(result.stderr).toBe('');
    expect(server.requests[0]!.body).toMatchObject({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'What is Parley?' }],
    });
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('prints the answer only, never the reasoning, and hands both to the history seam', async () => {
    server.enqueue({ text: 'The answer.', reasoning: 'Secret thoughts.' });
    const { calls, record } = fakeRecorder();
    const result = await run([...openai(), 'think'], { deps: { record } });
    expect(result.stdout).toBe('The answer.\n');
    expect(calls.reasoning).toBe('Secret thoughts.');
    expect(calls.text).toBe('The answer.');
    expect(calls.init).toEqual([{ prompt: 'think', model: { providerId: 'openai', model: 'gpt-4o' } }]);
    expect(calls.finish).toEqual([
      expect.objectContaining({ state: 'complete', answeredBy: { providerId: 'openai', model: 'gpt-4o' } }),
    ]);
  });

  it('does not save with --no-save', async () => {
    const { calls, record } = fakeRecorder();
    expect((await run([...openai(), '--no-save', 'hi'], { deps: { record } })).code).toBe(0);
    expect(calls.init).toHaveLength(0);
  });

  it('reports retries on stderr in plain words and still answers', async () => {
    server.enqueue({ status: 503 }, { text: 'Recovered.' });
    const result = await run([...openai(), '--max-retries', '2', 'hi']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Recovered.\n');
    expect(result.stderr).toMatch(
      /overloaded\. Try again in a moment\. Retrying in 0\.\d s, attempt 2 of 3\./,
    );
  });

  it('exits 1 with the reason on stderr when the API refuses, never printing the key', async () => {
    const result = await run([...openai(), 'hi'], { env: { CLI_KEY: 'sk-bad-key-should-not-print' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('did not accept the API key');
    expect(result.stderr).not.toContain('should-not-print');
  });

  it('exits 1 after giving up on retries', async () => {
    server.setDefaults({ status: 500, chunkDelayMs: 1 });
    const result = await run([...openai(), '--max-retries', '0', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('server error');
    expect(server.requests).toHaveLength(1);
  });

  it('keeps the partial answer and exits 1 when the stream is cut off', async () => {
    server.enqueue({ text: 'One two three four five six', chunkSize: 4, dropAfterChunks: 2 });
    const { calls, record } = fakeRecorder();
    const result = await run([...openai(), 'hi'], { deps: { record } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('One two \n');
    expect(result.stderr).toContain('The answer was cut off.');
    expect(calls.finish).toEqual([expect.objectContaining({ state: 'interrupted' })]);
  });

  it('gives up on a silent stream after --idle-timeout seconds', async () => {
    server.enqueue({ text: 'Hello there friend', chunkSize: 6, stallAfterChunks: 1 });
    const result = await run([...openai(), '--idle-timeout', '0.3', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('Hello \n');
    expect(result.stderr).toContain('went silent for 300 ms');
  });

  it('exits 1 when a content filter stops the answer', async () => {
    server.enqueue({ text: 'Some text', finishReason: 'content_filter' });
    const result = await run([...openai(), 'hi']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('content filter');
  });

  it('talks to Anthropic at {base}/v1/messages and Azure deployments', async () => {
    server.enqueue({ text: 'From Claude.' }, { text: 'From Azure.' });
    const claude = await run([
      'ask',
      '--api',
      'anthropic',
      '--base-url',
      server.url,
      '--api-key-env',
      'CLI_KEY',
      'hi',
    ]);
    expect(claude).toMatchObject({ code: 0, stdout: 'From Claude.\n' });
    expect(server.requests[0]).toMatchObject({ path: '/v1/messages', headers: { 'x-api-key': KEY } });
    const azure = await run([
      'ask',
      '--api',
      'azure',
      '--base-url',
      server.url,
      '--model',
      'dep-1',
      '--api-key-env',
      'CLI_KEY',
      'hi',
    ]);
    expect(azure).toMatchObject({ code: 0, stdout: 'From Azure.\n' });
    expect(server.requests[1]).toMatchObject({
      path: '/openai/deployments/dep-1/chat/completions',
      headers: { 'api-key': KEY },
    });
  });

  it('reads the prompt from standard input when none is given', async () => {
    server.enqueue({ text: 'ok' });
    const result = await run([...openai()], { stdin: 'from a pipe\n' });
    expect(result.code).toBe(0);
    expect(server.requests[0]!.body).toMatchObject({ messages: [{ role: 'user', content: 'from a pipe' }] });
  });

  it('finds the key in the keychain first, then in the usual variable', async () => {
    const base = ['ask', '--base-url', `${server.url}/v1`, 'hi'];
    const keychain = new MemorySecretStore();
    await keychain.set('openai', 'sk-from-keychain-000');
    await run(base, { deps: { secrets: async () => keychain }, env: { OPENAI_API_KEY: 'sk-from-env-000' } });
    await run(base, {
      deps: { secrets: async () => new MemorySecretStore() },
      env: { OPENAI_API_KEY: 'sk-from-env-000' },
    });
    await run(base, {
      deps: { secrets: () => Promise.reject(new Error('no keychain')) },
      env: { OPENAI_API_KEY: 'sk-from-env-000' },
    });
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer sk-from-keychain-000',
      'Bearer sk-from-env-000',
      'Bearer sk-from-env-000',
    ]);
  });

  it.each([
    [['ask', '--frobnicate', 'x'], 'Unknown option --frobnicate'],
    [['ask', '--api', 'gemini', 'x'], '--api must be openai, azure or anthropic'],
    [['ask', '--max-retries', '11', 'x'], '--max-retries must be a whole number from 0 to 10'],
    [['ask', '--idle-timeout', '0', 'x'], '--idle-timeout must be a number of seconds above 0'],
    [['ask', '--base-url', 'ftp://x', 'x'], '--base-url must be an http:// or https:// address'],
    [['ask', '--api', 'azure', 'x'], '--api azure needs --base-url'],
    [
      ['ask', '--api-key-env', 'NOT_SET_ANYWHERE', 'x'],
      'NOT_SET_ANYWHERE (from --api-key-env) is empty or not set',
    ],
    [['ask', '--api-key-env', 'CLI_KEY'], 'Nothing to ask'],
    [['ask', 'hi'], 'No API key for OpenAI'],
    [['ask', '--model'], '--model needs a value'],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage:');
    expect(server.requests).toHaveLength(0);
  });
});

describe('the parley dispatcher', () => {
  it('lists every command and routes by name', async () => {
    expect(Object.keys(commands).sort()).toEqual(['ask', 'backup', 'history', 'import', 'key']);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const name of Object.keys(commands)) expect(help.stdout).toContain(`parley ${name}`);
    expect((await run([])).code).toBe(2);
    const unknown = await run(['frob']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frob"');
    expect((await run(['ask', '--help'])).stdout).toContain('parley ask');
  });
});

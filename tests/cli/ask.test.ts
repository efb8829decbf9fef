import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AskDeps } from '../../src/cli/ask.ts';
import { commands } from '../../src/cli/main.ts';
import { ProviderSecrets } from '../../src/main/core/secrets/provider-secrets.ts';
import { MemorySecretStore } from '../../src/main/core/secrets/secret-store.ts';
import { openSettings } from '../../src/main/core/store/settings.ts';
import { openHistory } from '../../src/main/core/store/history-service.ts';
import { openAiProvider } from '../unit/llm/support.ts';
import type { MockServer } from '../mock-server/server.ts';
import { cliFixture, oneOffAsk, runCli, type Run } from './run-cli.ts';

const KEY = 'sk-cli-test-key-9876543210';
const fixture = cliFixture('parley-ask-');
let server: MockServer;
let dataDir: string;
beforeEach(() => {
  server = fixture.server();
  dataDir = fixture.dataDir();
});

/** `parley ask` with a temporary data folder and, unless a test gives one, an empty keychain. */
function run(
  argv: string[],
  options: { env?: Record<string, string>; stdin?: string; deps?: Partial<AskDeps> } = {},
): Promise<Run> {
  return runCli(argv, { CLI_KEY: KEY, PARLEY_DATA_DIR: dataDir, ...options.env }, options);
}

const openai = () => oneOffAsk(server.url);

/** Every saved conversation with its messages, as the app would show them. */
async function saved() {
  const { history } = await openHistory({ dataDir, autoBackupEveryMs: null });
  try {
    return history.list({ limit: 50 }).items.map((c) => history.open(c.id));
  } finally {
    history.close();
  }
}

describe('parley ask', () => {
  it('streams the answer text to stdout as it arrives and ends with a newline', async () => {
    server.enqueue({ chunkDelayMs: 3 });
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

  it('prints the answer only, never the reasoning, and saves both as the app does', async () => {
    server.enqueue({ text: 'The answer.', reasoning: 'Secret thoughts.' });
    const result = await run([...openai(), 'think'], { deps: {} });
    expect(result.stdout).toBe('The answer.\n');
    const [conversation, ...others] = await saved();
    expect(others).toEqual([]);
    expect(conversation!.title).toBe('think');
    expect(conversation!.messages).toMatchObject([
      { role: 'user', content: 'think', state: 'complete' },
      {
        role: 'assistant',
        content: 'The answer.',
        reasoning: 'Secret thoughts.',
        state: 'complete',
        providerId: 'openai',
        model: 'gpt-4o',
      },
    ]);
  });

  it('does not save with --no-save (no history file at all)', async () => {
    expect((await run([...openai(), '--no-save', 'hi'])).code).toBe(0);
    expect(existsSync(join(dataDir, 'history.sqlite'))).toBe(false);
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
    const result = await run([...openai(), 'hi']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('One two \n');
    expect(result.stderr).toContain('The answer was cut off.');
    const [conversation] = await saved();
    expect(conversation!.messages[1]).toMatchObject({ content: 'One two ', state: 'interrupted' });
  });

  it('gives up on a silent stream after --idle-timeout seconds', async () => {
    server.enqueue({ text: 'Hello there friend', chunkSize: 6, stallAfterChunks: 1 });
    const result = await run([...openai(), '--idle-timeout', '0.3', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('Hello \n');
    expect(result.stderr).toContain('went silent for 300 ms');
  });

  it('exits 1 when a content filter stops the answer, and saves it as an error', async () => {
    server.enqueue({ text: 'Some text', finishReason: 'content_filter' });
    const result = await run([...openai(), 'hi']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('content filter');
    expect((await saved())[0]!.messages[1]).toMatchObject({
      state: 'error',
      error: { code: 'content_filtered' },
    });
  });

  it('exits 1 at the length limit and saves the answer as interrupted, ready to continue', async () => {
    server.enqueue({ text: 'Half an answer', finishReason: 'length' });
    const result = await run([...openai(), 'hi']);
    expect(result).toMatchObject({ code: 1, stdout: 'Half an answer\n' });
    expect(result.stderr).toContain('length limit');
    expect((await saved())[0]!.messages[1]).toMatchObject({
      content: 'Half an answer',
      state: 'interrupted',
    });
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

  it("sends a --base-url the usual variable's key, never the keychain's key for another address", async () => {
    const base = ['ask', '--base-url', `${server.url}/v1`, 'hi'];
    const keychain = new MemorySecretStore();
    await keychain.set('openai', 'sk-from-keychain-000');
    await run(base, { deps: { secrets: async () => keychain }, env: { OPENAI_API_KEY: 'sk-from-env-000' } });
    await run(base, {
      deps: { secrets: () => Promise.reject(new Error('no keychain')) },
      env: { OPENAI_API_KEY: 'sk-from-env-000' },
    });
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer sk-from-env-000',
      'Bearer sk-from-env-000',
    ]);
  });

  it('with --base-url and no key anywhere, sends none and says that no key was found', async () => {
    const result = await run(['ask', '--base-url', `${server.url}/v1`, '--no-save', 'hi']);
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No API key was found');
    expect(result.stderr).not.toContain('did not accept');
  });

  it('refuses to send a configured provider the key saved for another address', async () => {
    const keychain = new MemorySecretStore();
    const elsewhere = openAiProvider('https://api.example.com/v1', {
      id: 'mock',
      name: 'Mock',
      models: ['m'],
    });
    await new ProviderSecrets(keychain).set(elsewhere, 'api-key', 'sk-for-example-com-000');
    openSettings({ dataDir }).settings.update({
      providers: [{ ...elsewhere, baseUrl: `${server.url}/v1` }],
      defaultModel: { providerId: 'mock', model: 'm' },
    });
    const result = await run(['ask', 'hi'], { deps: { secrets: async () => keychain } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('was saved for https://api.example.com');
    expect(server.requests).toHaveLength(0);
  });

  it('takes OPENAI_API_KEY for the configured OpenAI provider at its own address only', async () => {
    openSettings({ dataDir }).settings.update({
      providers: [openAiProvider(`${server.url}/v1`, { id: 'local', name: 'Local', models: ['m'] })],
      defaultModel: { providerId: 'local', model: 'm' },
    });
    const result = await run(['ask', 'hi'], { env: { OPENAI_API_KEY: 'sk-env-not-for-local' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No API key for Local');
    expect(server.requests).toHaveLength(0);
  });

  it('prints the version', async () => {
    const result = await run(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^parley \d+\.\d+\.\d+\n$/) });
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
    [
      ['ask', '--provider', 'nope', 'hi'],
      'There is no provider "nope" in your settings (configured: openai)',
    ],
    [['ask', '--provider', 'openai', '--base-url', 'http://x', 'hi'], 'Use one or the other'],
    [['ask', '--no-save', '-c', 'abc', 'hi'], 'it cannot continue one'],
    [['ask', '-x', 'hi'], 'Unknown option -x'],
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
    expect(Object.keys(commands).sort()).toEqual([
      'ask',
      'assistant',
      'backup',
      'batch',
      'history',
      'import',
      'key',
      'mcp',
      'metrics',
      'provider',
      'stats',
    ]);
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

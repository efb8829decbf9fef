import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSettings } from '../../src/main/core/store/settings.ts';
import { openHistory } from '../../src/main/core/store/history-service.ts';
import { DENIED_OUTCOME } from '../../src/main/core/tools/tool-loop.ts';
import { ensureSecretService, toolsAvailable } from '../fixtures/secret-service.ts';
import type { SecretServiceSession } from '../fixtures/secret-service.ts';
import { EVERYTHING } from '../integration/tools/mcp-servers.ts';
import type { MockServer } from '../mock-server/server.ts';
import { lastToolResult } from '../mock-server/tool-calls.ts';
import { cliFixture, runCli } from './run-cli.ts';

/**
 * `parley mcp add everything -- node server-everything` then `parley ask --tools`: the mock model
 * calls get-sum, the real server runs it (or the person refuses it), the result goes back to the
 * model in the next request, and the answer is printed. Both wire formats.
 */

const KEY = 'sk-cli-tools-key-1234567890';
const fixture = cliFixture('parley-ask-tools-');
let server: MockServer;
let dataDir: string;
let session: SecretServiceSession;

beforeAll(async () => {
  session = await ensureSecretService();
}, 30_000);
afterAll(() => session?.stop());
beforeEach(() => {
  server = fixture.server();
  dataDir = fixture.dataDir();
});

const env = () => ({ CLI_KEY: KEY, PARLEY_DATA_DIR: dataDir });

/** The Done-when command line: server-everything over stdio, started by node. */
async function addEverything(): Promise<void> {
  const added = await runCli(
    ['mcp', 'add', 'everything', '--', process.execPath, EVERYTHING, 'stdio'],
    env(),
    {
      stdin: '',
    },
  );
  expect(added).toMatchObject({ code: 0, stderr: '' });
}

const target = (kind: 'openai' | 'anthropic') =>
  kind === 'anthropic'
    ? ['--api', 'anthropic', '--base-url', server.url, '--api-key-env', 'CLI_KEY']
    : ['--base-url', `${server.url}/v1`, '--api-key-env', 'CLI_KEY', '--model', 'gpt-4o'];

const sumCall = { name: 'everything__get-sum', arguments: { a: 2, b: 3 } };
const SUM = 'The sum of 2 and 3 is 5.';

describe.runIf(process.platform === 'linux' && toolsAvailable())('parley ask --tools', () => {
  it.each(['openai', 'anthropic'] as const)(
    '%s: --yes runs get-sum on server-everything and sends its result back to the model',
    async (kind) => {
      await addEverything();
      server.enqueue({ toolCalls: [sumCall] }, { text: 'It is 5.' });
      const result = await runCli(['ask', ...target(kind), '--tools', '--yes', 'What is 2 + 3?'], env());
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('It is 5.\n');
      expect(result.stderr).toContain('Running everything › get-sum {"a":2,"b":3} (--yes)\n');
      expect(result.stderr).toContain(`everything › get-sum: ${SUM}\n`);
      expect(server.requests).toHaveLength(2);
      expect(JSON.stringify(server.requests[0]!.body)).toContain('everything__get-sum');
      expect(lastToolResult(server.requests[1]!.body)).toBe(SUM);
      // Saved as the app saves it: the call and its result are parts of the answer.
      const { history } = await openHistory({ dataDir, autoBackupEveryMs: null });
      try {
        const [conversation] = history.list({ limit: 5 }).items;
        const answer = history.open(conversation!.id).messages.at(-1)!;
        expect(answer.parts?.map((part) => part.type)).toEqual(['tool_call', 'tool_result', 'text']);
        expect(answer.parts?.[1]).toMatchObject({
          type: 'tool_result',
          outcome: { text: SUM, isError: false },
        });
      } finally {
        history.close();
      }
    },
    60_000,
  );

  it('with no terminal and no --yes: refuses the call, says so on stderr, and the model is told', async () => {
    await addEverything();
    server.enqueue({ toolCalls: [sumCall] }, { text: 'I may not add.' });
    const result = await runCli(['ask', ...target('openai'), '--tools', 'What is 2 + 3?'], env(), {
      stdin: '',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('I may not add.\n');
    expect(result.stderr).toContain(
      'Denied everything › get-sum {"a":2,"b":3}: there is no terminal to ask on (standard input is not one). --yes allows tool calls.',
    );
    expect(result.stderr).not.toContain(SUM);
    expect(lastToolResult(server.requests[1]!.body)).toContain(DENIED_OUTCOME.text);
  }, 60_000);

  it('on a terminal: asks before each call, in order; once runs it, no refuses it', async () => {
    await addEverything();
    server.enqueue(
      { toolCalls: [sumCall, { name: 'everything__echo', arguments: { message: 'hi' } }] },
      { text: 'Done.' },
    );
    const result = await runCli(['ask', ...target('anthropic'), '--tools', 'Add, then echo.'], env(), {
      stdin: 'maybe\no\nn\n',
      tty: true,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Done.\n');
    const asked = result.stderr.split(
      'Allow it? [o]nce, [a]lways (this tool, until this command ends), [n]o: ',
    );
    expect(asked).toHaveLength(4); // asked again after "maybe"
    expect(result.stderr).toContain('Type o (once), a (always) or n (no).');
    expect(result.stderr.indexOf('wants to run everything › get-sum')).toBeLessThan(
      result.stderr.indexOf('wants to run everything › echo'),
    );
    const second = JSON.stringify(server.requests[1]!.body);
    expect(second).toContain(SUM);
    expect(second).toContain(DENIED_OUTCOME.text);
    expect(second).not.toContain('Echo: hi');
  }, 60_000);

  it('"always" on the terminal runs the same tool again without asking, and writes no settings', async () => {
    await addEverything();
    const before = readFileSync(join(dataDir, 'config.json'), 'utf8');
    server.enqueue(
      { toolCalls: [sumCall] },
      { toolCalls: [{ name: 'everything__get-sum', arguments: { a: 1, b: 1 } }] },
      { text: '5 and 2.' },
    );
    const result = await runCli(['ask', ...target('openai'), '--tools', 'Two sums.'], env(), {
      stdin: 'a\n',
      tty: true,
    });
    expect(result).toMatchObject({ code: 0, stdout: '5 and 2.\n' });
    expect(result.stderr.match(/Allow it\?/g)).toHaveLength(1);
    expect(result.stderr).toContain('Running everything › get-sum {"a":1,"b":1} (always allowed)\n');
    expect(lastToolResult(server.requests[2]!.body)).toBe('The sum of 1 and 1 is 2.');
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe(before);
  }, 60_000);

  it('a call id the model uses again at the next step is a new call (its result is shown)', async () => {
    await addEverything();
    server.enqueue(
      { toolCalls: [{ ...sumCall, id: 'call_same' }] },
      { toolCalls: [{ ...sumCall, id: 'call_same' }] },
      { text: 'Done.' },
    );
    const result = await runCli(['ask', ...target('openai'), '--tools', 'Twice.'], env(), {
      stdin: 'n\no\n',
      tty: true,
    });
    expect(result).toMatchObject({ code: 0, stdout: 'Done.\n' });
    expect(result.stderr).toContain('Denied; the model is told so.');
    expect(result.stderr).toContain(`everything › get-sum: ${SUM}\n`);
    expect(lastToolResult(server.requests[2]!.body)).toBe(SUM);
  }, 60_000);

  it('runs a tool the person allowed "always" in the app without asking, even with no terminal', async () => {
    await addEverything();
    openSettings({ dataDir }).settings.update({ toolsAlwaysAllowed: ['everything__get-sum'] });
    server.enqueue({ toolCalls: [sumCall] }, { text: 'It is 5.' });
    const result = await runCli(['ask', ...target('anthropic'), '--tools', 'What is 2 + 3?'], env(), {
      stdin: '',
    });
    expect(result).toMatchObject({ code: 0, stdout: 'It is 5.\n' });
    expect(result.stderr).toContain('Running everything › get-sum {"a":2,"b":3} (always allowed)\n');
    expect(lastToolResult(server.requests[1]!.body)).toBe(SUM);
  }, 60_000);

  it('says why a server could not start, and answers without its tools', async () => {
    const added = await runCli(['mcp', 'add', 'broken', '--', join(dataDir, 'no-such-program')], env(), {
      stdin: '',
    });
    expect(added.code).toBe(0);
    server.enqueue({ text: 'No tools, still an answer.' });
    const result = await runCli(['ask', ...target('openai'), '--tools', '--yes', 'hi'], env());
    expect(result).toMatchObject({ code: 0, stdout: 'No tools, still an answer.\n' });
    expect(result.stderr).toMatch(/^MCP server broken: It could not be started: .+\n/m);
    expect(JSON.stringify(server.requests[0]!.body)).not.toContain('"tools"');
  }, 60_000);

  it('Ctrl-C during a call that hangs stops it and the answer at once (exit status 130)', async () => {
    await addEverything();
    server.enqueue({
      toolCalls: [
        { name: 'everything__trigger-long-running-operation', arguments: { duration: 60, steps: 60 } },
      ],
    });
    const ctrlC = new AbortController();
    const running = runCli(['ask', ...target('openai'), '--tools', '--yes', 'wait'], env(), {
      deps: { signal: ctrlC.signal },
    });
    // Pressed once the call is running (the model's request is in and the server is up).
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    ctrlC.abort();
    const pressed = Date.now();
    const result = await running;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Running everything › trigger-long-running-operation');
    expect(result.stderr).toMatch(/Stopped/);
    expect(result.stderr).toContain(
      'trigger-long-running-operation failed: The call was stopped by the user.',
    );
    // The server gets its usual 2 s to exit before it is killed; the call itself stops at once.
    expect(Date.now() - pressed).toBeLessThan(5000);
    expect(server.requests).toHaveLength(1);
  }, 60_000);

  it("never lets a tool's output or arguments drive the terminal (escape sequences are shown, not run)", async () => {
    await addEverything();
    const nasty = 'x\u001b]0;pwned\u0007\u202eyz';
    server.enqueue(
      { toolCalls: [{ name: 'everything__echo', arguments: { message: nasty } }] },
      { text: 'ok' },
    );
    const result = await runCli(['ask', ...target('openai'), '--tools', '--yes', 'echo'], env());
    expect(result.code).toBe(0);
    for (const raw of ['\u001b', '\u0007', '\u202e']) expect(result.stderr).not.toContain(raw);
    expect(result.stderr).toContain('everything › echo: Echo: x\\u{1b}]0;pwned\\u{7}\\u{202e}yz');
  }, 60_000);

  it('refuses --tools when every server is disabled, saying how to enable one', async () => {
    await addEverything();
    expect((await runCli(['mcp', 'disable', 'everything'], env(), { stdin: '' })).code).toBe(0);
    const result = await runCli(['ask', ...target('openai'), '--tools', 'hi'], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--tools: every MCP server is disabled; enable one (parley mcp enable NAME).',
    );
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [['--yes', 'hi'], '--yes allows tool calls; it goes with --tools.'],
    [['--tools', 'hi'], '--tools: there is no MCP server yet. Add one: parley mcp add NAME'],
  ])('refuses %j in plain words with exit status 2', async (args, message) => {
    const result = await runCli(['ask', ...target('openai'), ...args], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(server.requests).toHaveLength(0);
  });
});

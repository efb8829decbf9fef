import { beforeEach, describe, expect, it } from 'vitest';
import type { MockServer } from '../mock-server/server.ts';
import { cliFixture, oneOffAsk, runCli, type Run } from './run-cli.ts';

/**
 * `parley ask` and the content filters against the mock server: exit status 3 for a held question
 * (nothing reaches the chat endpoint) and for a flagged answer, what was found on standard error
 * (never the secret); --redact sends placeholders, --allow-secrets sends as typed.
 */
const KEY = ['sk', 'proj', 'Zq7Lm2Xc9Vb4Nn8Kk1Jj6Hh3Gg5Ff0Dd2Ss7Aa9Pp4Oo1Ii'].join('-');
const fixture = cliFixture('parley-ask-filters-');
let server: MockServer;
beforeEach(() => {
  server = fixture.server();
});

const ask = (...args: string[]): Promise<Run> =>
  runCli([...oneOffAsk(server.url), '--no-save', ...args], {
    CLI_KEY: 'sk-cli-test-key-9876543210',
    PARLEY_DATA_DIR: fixture.dataDir(),
  });
const chatBodies = () =>
  server.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => JSON.stringify(r.body));
const paths = () => server.requests.map((r) => r.path);

describe('parley ask and the secret guard', () => {
  it('a prompt with a key exits 3 and sends nothing; stderr names the kind, never the key', async () => {
    const result = await ask(`why is ${KEY} refused?`);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('an OpenAI key in the message');
    expect(result.stderr).toContain('--redact');
    expect(result.stderr).not.toContain(KEY);
    expect(server.requests).toEqual([]);
  });

  it('--redact sends placeholders; --allow-secrets sends the prompt as typed', async () => {
    expect((await ask('--redact', `why is ${KEY} refused?`)).code).toBe(0);
    expect(chatBodies()[0]).toContain('why is [REDACTED openai-key] refused?');
    expect(chatBodies()[0]).not.toContain(KEY);
    server.reset();
    expect((await ask('--allow-secrets', `why is ${KEY} refused?`)).code).toBe(0);
    expect(chatBodies()[0]).toContain(KEY);
  });

  it('the key this very call uses is found too', async () => {
    const result = await ask('is sk-cli-test-key-9876543210 valid?');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('one of your own saved keys');
    expect(server.requests).toEqual([]);
  });

  it('--redact and --allow-secrets together are a usage error', async () => {
    expect((await ask('--redact', '--allow-secrets', 'hello')).code).toBe(2);
  });
});

describe('parley ask --moderation', () => {
  it('a flagged prompt exits 3 with its categories on stderr; the chat endpoint gets nothing', async () => {
    const result = await ask('--moderation', 'you idiot FLAG:harassment');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('moderation flagged it for harassment');
    expect(paths()).toEqual(['/v1/moderations']);
  });

  it('a flagged answer is printed, then exits 3 with its categories on stderr', async () => {
    server.enqueue({ text: 'Calm start.\n\nThen FLAG:violence here.' });
    const result = await ask('--moderation', 'tell a story');
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('Then FLAG:violence here.');
    expect(result.stderr).toContain('The answer was flagged');
    expect(result.stderr).toContain('violence');
  });

  it('a calm exchange exits 0; without --moderation nothing is moderated', async () => {
    expect((await ask('--moderation', 'hello')).code).toBe(0);
    expect(paths()).toContain('/v1/moderations');
    server.reset();
    expect((await ask('hello FLAG:harassment')).code).toBe(0);
    expect(paths()).toEqual(['/v1/chat/completions']);
  });
});

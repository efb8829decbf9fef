import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../../src/shared/providers.ts';
import { openSecretStore } from '../../src/main/core/secrets/open-secret-store.ts';
import { ProviderSecrets } from '../../src/main/core/secrets/provider-secrets.ts';
import { openHistory } from '../../src/main/core/store/history-service.ts';
import { openSettings } from '../../src/main/core/store/settings.ts';
import { openAiProvider } from '../unit/llm/support.ts';
import { startMockServer, type MockServer } from '../mock-server/server.ts';
import { ensureSecretService, toolsAvailable } from '../fixtures/secret-service.ts';
import type { SecretServiceSession } from '../fixtures/secret-service.ts';
import { runParley } from '../fixtures/parley-process.ts';

/**
 * `parley ask` as a real process on the user's settings: providers saved by the core's settings
 * store (as the app and the browser edition save them), keys in the real keychain (gnome-keyring),
 * answers in the real SQLite history, and the mock server recording what it was sent.
 */

const suffix = `${process.pid}`;
const alpha = `alpha-${suffix}`;
const beta = `beta-${suffix}`;
const keys = { [alpha]: 'sk-alpha-0123456789AAAA', [beta]: 'sk-beta-0123456789BBBB' };
let server: MockServer;
let session: SecretServiceSession;
let dataDir: string;

function provider(id: string, model: string): ProviderConfig {
  return openAiProvider(`${server.url}/v1`, { id, name: id, models: [model], maxRetries: 0 });
}

beforeAll(async () => {
  session = await ensureSecretService();
  server = await startMockServer({ defaults: { chunkDelayMs: 1 } });
  dataDir = mkdtempSync(join(tmpdir(), 'parley-ask-settings-'));
  const { settings } = openSettings({ dataDir });
  const providers = [provider(alpha, 'alpha-model'), provider(beta, 'beta-model')];
  settings.update({ providers, defaultModel: { providerId: alpha, model: 'alpha-model' } });
  // As the settings handlers save a key: in the keychain, bound to the provider's origin.
  const { store } = await openSecretStore({ dataDir });
  expect(store.kind).toBe('keychain');
  for (const each of providers) await new ProviderSecrets(store).set(each, 'api-key', keys[each.id]!);
}, 30_000);

afterAll(async () => {
  const { store } = await openSecretStore({ dataDir });
  for (const account of Object.keys(keys)) await new ProviderSecrets(store).delete(account, 'api-key');
  await server?.close();
  await session?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => server.reset());

function parley(args: string[]) {
  return runParley(args, {
    HOME: process.env.HOME ?? '',
    DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
    PARLEY_DATA_DIR: dataDir,
  });
}

async function conversations() {
  const { history } = await openHistory({ dataDir, autoBackupEveryMs: null });
  try {
    return history.list({ limit: 50 }).items.map((summary) => history.open(summary.id));
  } finally {
    history.close();
  }
}

describe.runIf(process.platform === 'linux' && toolsAvailable())('parley ask on the saved settings', () => {
  it('with no flag, asks the default model of the configured provider with its key from the keychain', async () => {
    server.enqueue({ text: 'Hello from alpha.' });
    const result = await parley(['ask', 'hi']);
    expect(result).toMatchObject({ code: 0, stdout: 'Hello from alpha.\n', stderr: '' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${keys[alpha]}`);
    expect(server.requests[0]!.body).toMatchObject({
      model: 'alpha-model',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const [saved] = await conversations();
    expect(saved!.title).toBe('hi');
    expect(saved!.messages).toMatchObject([
      { role: 'user', content: 'hi', state: 'complete' },
      { role: 'assistant', content: 'Hello from alpha.', state: 'complete', providerId: alpha },
    ]);
  });

  it('-c ID sends the conversation’s whole branch and adds the answer to it', async () => {
    const [first] = await conversations();
    server.enqueue({ text: 'Second answer.' });
    const result = await parley(['ask', '-c', first!.id, 'next']);
    expect(result).toMatchObject({ code: 0, stdout: 'Second answer.\n' });
    expect(server.requests[0]!.body).toMatchObject({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'Hello from alpha.' },
        { role: 'user', content: 'next' },
      ],
    });
    const after = (await conversations()).find((c) => c.id === first!.id)!;
    expect(after.messages.map((m) => m.content)).toEqual([
      'hi',
      'Hello from alpha.',
      'next',
      'Second answer.',
    ]);
  });

  it('--provider picks among the configured providers (its key, its first model)', async () => {
    server.enqueue({ text: 'Hello from beta.' });
    const result = await parley(['ask', '--provider', beta, '--no-save', 'hi']);
    expect(result).toMatchObject({ code: 0, stdout: 'Hello from beta.\n' });
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${keys[beta]}`);
    expect(server.requests[0]!.body).toMatchObject({ model: 'beta-model' });
    server.enqueue({ text: 'Another model.' });
    await parley(['ask', '--provider', beta, '--model', 'beta-large', '--no-save', 'hi']);
    expect(server.requests[1]!.body).toMatchObject({ model: 'beta-large' });
  });

  it('--continue goes on with the most recent conversation', async () => {
    server.enqueue({ text: 'A new one.' }, { text: 'Continued.' });
    await parley(['ask', 'start', 'a', 'new', 'one']);
    const newest = (await conversations()).find((c) => c.title === 'start a new one')!;
    expect((await parley(['ask', '--continue', 'and then?'])).code).toBe(0);
    expect(server.requests[1]!.body).toMatchObject({
      messages: [
        { role: 'user', content: 'start a new one' },
        { role: 'assistant', content: 'A new one.' },
        { role: 'user', content: 'and then?' },
      ],
    });
    const after = (await conversations()).find((c) => c.id === newest.id)!;
    expect(after.messages).toHaveLength(4);
  });

  it('an unknown conversation id is a plain error, and nothing is sent', async () => {
    const result = await parley(['ask', '-c', 'no-such-conversation', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/does not exist/);
    expect(server.requests).toHaveLength(0);
  });
});

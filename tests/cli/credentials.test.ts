import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { openSettingsAccess } from '../../src/cli/settings-access.ts';
import { openSecretStore } from '../../src/main/core/secrets/open-secret-store.ts';
import { ProviderSecrets } from '../../src/main/core/secrets/provider-secrets.ts';
import { cliIo } from '../fixtures/cli-io.ts';
import { ensureSecretService, toolsAvailable } from '../fixtures/secret-service.ts';
import type { SecretServiceSession } from '../fixtures/secret-service.ts';
import { startMockServer, type MockServer } from '../mock-server/server.ts';

/** An OAuth2 client-credentials provider and a proxy password, configured from the command line only. */
const SECRET = 'cli-oauth-client-SECRET-31337';

describe.runIf(process.platform === 'linux' && toolsAvailable())(
  'parley provider / parley key --secret',
  () => {
    let session: SecretServiceSession;
    let server: MockServer;
    let dataDir: string;
    const id = `cli-cred-${process.pid}`;

    beforeAll(async () => {
      session = await ensureSecretService();
      server = await startMockServer({ defaults: { chunkDelayMs: 0 } });
      dataDir = mkdtempSync(join(tmpdir(), 'parley-cli-cred-'));
    }, 30_000);
    afterAll(async () => {
      await new ProviderSecrets((await openSecretStore({ dataDir })).store).deleteAll(id);
      await server?.close();
      rmSync(dataDir, { recursive: true, force: true });
      await session?.stop();
    });

    async function parley(args: string[], stdin = '') {
      const run = cliIo(stdin, { PARLEY_DATA_DIR: dataDir });
      const code = await main(args, run.io);
      return { code, out: run.out(), err: run.err() };
    }
    const config = () => readFileSync(join(dataDir, 'config.json'), 'utf8');

    it('configures OAuth end to end: provider, client secret, a working connection', async () => {
      const set = await parley([
        'provider',
        'set',
        id,
        '--kind',
        'openai',
        '--base-url',
        `${server.url}/v1`,
        '--models',
        'gpt-4o',
        '--auth',
        'oauth2-client-credentials',
        '--token-url',
        `${server.url}/oauth/token`,
        '--client-id',
        'cli-app',
        '--scope',
        'chat',
      ]);
      expect(set).toMatchObject({ code: 0, out: `Saved ${id} (openai, ${server.url}/v1).\n` });
      const saved = await parley(['key', 'set', id, '--secret', 'oauth-client-secret'], `${SECRET}\n`);
      expect(saved).toMatchObject({
        code: 0,
        out: `Saved the OAuth client secret for ${id} in the system keychain.\n`,
      });
      expect((await parley(['key', 'status', id])).out).toContain(`${id}: OAuth client secret saved`);
      expect(config()).not.toContain(SECRET);

      // What the app would do with it: the same settings and keychain.
      const access = await openSettingsAccess(cliIo('', { PARLEY_DATA_DIR: dataDir }).io);
      server.reset();
      expect(await access.call('keys.test', { providerId: id })).toMatchObject({ ok: true });
      expect(server.requests.find((r) => r.api === 'oauth')?.body).toMatchObject({
        client_id: 'cli-app',
        client_secret: SECRET,
        scope: 'chat',
      });
      await access.close();

      // The token URL moves to another origin: the secret is dropped, and the CLI says so.
      const moved = await parley(['provider', 'set', id, '--token-url', 'http://127.0.0.2:9/token']);
      expect(moved.code).toBe(0);
      expect(moved.err).toContain('was for another address, so it was removed');
      expect((await parley(['key', 'status', id])).out).not.toContain('OAuth client secret saved');
    });

    it('moves a password in --proxy to the keychain and refuses a secret the provider cannot use', async () => {
      const set = await parley(['provider', 'set', id, '--proxy', 'http://dave:pw-on-cli-55@127.0.0.1:3128']);
      expect(set.code).toBe(0);
      expect(set.out).toContain('moved to the keychain');
      expect(config()).not.toContain('pw-on-cli-55');
      expect(config()).toContain('"username": "dave"');
      expect((await parley(['key', 'status', id])).out).toContain(`${id}: proxy password saved`);
      const none = await parley(['provider', 'set', id, '--auth', 'none', '--proxy', 'none']);
      expect(none.code).toBe(0);
      const refused = await parley(['key', 'set', id, '--secret', 'oauth-client-secret'], 'x-secret-123\n');
      expect(refused).toMatchObject({ code: 1 });
      expect(refused.err).toContain('does not sign in with OAuth');
      expect((await parley(['provider', 'set', id, '--kind', 'nonsense'])).code).toBe(2);
      expect((await parley(['provider', 'set', id, '--base-url', 'ftp://x'])).err).toContain(
        'http:// or https://',
      );
      expect(await parley(['provider', 'remove', id])).toMatchObject({ code: 0, out: `Removed ${id}.\n` });
    });

    it('adds, lists and removes several API keys, printing only their last four characters', async () => {
      const [first, second] = ['sk-cli-first-key-00000000aaaa', 'sk-cli-second-key-0000000bbbb'];
      await parley([
        'provider',
        'set',
        id,
        '--kind',
        'openai',
        '--base-url',
        `${server.url}/v1`,
        '--auth',
        'api-key',
      ]);
      expect((await parley(['key', 'set', id], `${first}\n`)).code).toBe(0);
      const added = await parley(['key', 'add', id], `${second}\n`);
      expect(added.code).toBe(0);
      expect(added.out).toMatch(/^1\t…aaaa\tadded \S+\n2\t…bbbb\tadded \S+\n$/);
      expect((await parley(['key', 'list', id])).out).toBe(added.out);
      expect(JSON.stringify([added, config()])).not.toContain('sk-cli');
      const removed = await parley(['key', 'remove', id, '2']);
      expect(removed.out).toMatch(/^1\t…aaaa\t/);
      expect(removed.out).not.toContain('bbbb');
      expect(await parley(['key', 'remove', id, 'two'])).toMatchObject({ code: 2 });
      const gone = await parley(['key', 'remove', id, '2']);
      expect(gone.code).not.toBe(0);
      expect(gone.err).toContain('has no key number 2');
      expect(await parley(['provider', 'remove', id])).toMatchObject({ code: 0 });
    });
  },
);

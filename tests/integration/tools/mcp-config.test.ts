import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ParleyError } from '../../../src/shared/errors.ts';
import { mcpSecretAccount } from '../../../src/shared/mcp.ts';
import { openSecretStore } from '../../../src/main/core/secrets/open-secret-store.ts';
import type { SecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import { openSettings, type SettingsStore } from '../../../src/main/core/store/settings.ts';
import { McpConfig } from '../../../src/main/core/tools/mcp/mcp-config.ts';
import {
  ensureSecretService,
  toolsAvailable,
  type SecretServiceSession,
} from '../../fixtures/secret-service.ts';

/**
 * The MCP server list's one owner, on the real settings file and the real OS keychain
 * (gnome-keyring): secrets go to the keychain and never into config.json; removing a server removes
 * its secrets and the tools allowed "always" for it; a pasted `mcpServers` JSON imports entry by entry.
 */

const run = Date.now().toString(36);
const TOKEN = `ghp_secretTOKEN${run}`;

describe.runIf(process.platform === 'linux' && toolsAvailable())('MCP config (settings + keychain)', () => {
  let session: SecretServiceSession;
  let dir: string;
  let settings: SettingsStore;
  let secrets: SecretStore;
  let config: McpConfig;
  const used: string[] = [];
  const account = (server: string, kind: 'env' | 'header', name: string) => {
    const a = mcpSecretAccount(server, kind, name);
    used.push(a);
    return a;
  };

  beforeAll(async () => {
    session = await ensureSecretService();
  }, 30_000);
  afterAll(async () => {
    for (const a of used) await secrets?.delete(a);
    await session?.stop();
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-mcp-config-'));
    settings = openSettings({ dataDir: dir }).settings;
    secrets = (await openSecretStore({ dataDir: dir })).store;
    expect(secrets.kind).toBe('keychain');
    config = new McpConfig({ settings, secrets });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = () => readFileSync(settings.path, 'utf8');
  const name = (n: string) => `${n}-${run}`.slice(0, 32);

  it('saves a command server: the env value in the keychain, only its name in config.json', async () => {
    const gh = name('github');
    const saved = await config.save({
      server: { name: gh, transport: 'stdio', command: 'npx', args: ['-y', '@mcp/github'] },
      secrets: [{ name: 'GITHUB_TOKEN', value: TOKEN }],
    });
    expect(saved).toEqual({
      added: true,
      server: expect.objectContaining({ name: gh, secretEnv: ['GITHUB_TOKEN'], enabled: true }),
    });
    expect(await secrets.get(account(gh, 'env', 'GITHUB_TOKEN'))).toBe(TOKEN);
    expect(file()).toContain('GITHUB_TOKEN');
    expect(file()).not.toContain(TOKEN);
    expect(await config.savedSecrets(saved.server)).toEqual([{ name: 'GITHUB_TOKEN', saved: true }]);

    // Saved again without a value (the on/off switch): the value stays; a second one joins it.
    const again = await config.save({
      server: { ...saved.server, enabled: false },
      secrets: [{ name: 'OTHER', value: 'x1' }],
    });
    expect(again.added).toBe(false);
    expect(again.server).toMatchObject({ secretEnv: ['GITHUB_TOKEN', 'OTHER'] });
    expect(await secrets.get(account(gh, 'env', 'GITHUB_TOKEN'))).toBe(TOKEN);
    expect(settings.get('mcpServers')).toHaveLength(1);

    // A name left out of the list is deleted from the keychain.
    await config.save({
      server: { ...again.server, transport: 'stdio', command: 'npx', secretEnv: ['OTHER'] },
    });
    expect(await secrets.get(account(gh, 'env', 'GITHUB_TOKEN'))).toBeNull();
    expect(await secrets.get(account(gh, 'env', 'OTHER'))).toBe('x1');
  });

  it('removes a server with its secrets and the tools allowed "always" for it', async () => {
    const a = name('alpha');
    const b = name('beta');
    await config.save({
      server: { name: a, transport: 'http', url: 'https://mcp.example.com/mcp' },
      secrets: [{ name: 'Authorization', value: `Bearer ${TOKEN}` }],
    });
    await config.save({ server: { name: b, transport: 'stdio', command: 'node' } });
    settings.update({ toolsAlwaysAllowed: [`${a}__search`, `${b}__echo`] });
    expect(await secrets.get(account(a, 'header', 'Authorization'))).toBe(`Bearer ${TOKEN}`);

    expect(await config.remove(a)).toEqual({ removed: true });
    expect(settings.get('mcpServers').map((s) => s.name)).toEqual([b]);
    expect(settings.get('toolsAlwaysAllowed')).toEqual([`${b}__echo`]);
    expect(await secrets.get(account(a, 'header', 'Authorization'))).toBeNull();
    expect(await config.remove(a)).toEqual({ removed: false });
  });

  it('a server pointed at another program loses its "always" tools; the same program keeps them', async () => {
    const s = name('svc');
    await config.save({ server: { name: s, transport: 'stdio', command: 'node', args: ['a.js'] } });
    settings.update({ toolsAlwaysAllowed: [`${s}__run`] });
    await config.save({
      server: { name: s, transport: 'stdio', command: 'node', args: ['a.js'], enabled: false },
    });
    expect(settings.get('toolsAlwaysAllowed')).toEqual([`${s}__run`]);
    await config.save({ server: { name: s, transport: 'stdio', command: 'node', args: ['b.js'] } });
    expect(settings.get('toolsAlwaysAllowed')).toEqual([]);
  });

  it('refuses a bad server in plain words and changes nothing', async () => {
    const bad = [
      { server: { name: 'has space', transport: 'stdio', command: 'x' } },
      { server: { name: 'ok', transport: 'stdio', command: '   ' } },
      { server: { name: 'ok', transport: 'http', url: 'file:///etc/passwd' } },
      { server: { name: 'ok', transport: 'stdio', command: 'x' }, secrets: [{ name: '1BAD', value: 'v' }] },
      {
        server: { name: 'ok', transport: 'http', url: 'https://a.example' },
        secrets: [{ name: 'X', value: 'a\r\nb' }],
      },
      {
        server: { name: 'ok', transport: 'stdio', command: 'x' },
        secrets: [{ name: 'K', value: 'v'.repeat(20_000) }],
      },
    ];
    for (const input of bad) {
      const error = await config.save(input as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParleyError);
      expect((error as ParleyError).code).toBe('invalid_input');
      expect((error as ParleyError).message).toMatch(/^[A-Z“]/);
    }
    expect(settings.get('mcpServers')).toEqual([]);
    expect(file()).not.toContain('a\\r\\nb');
  });

  it('imports a Claude Desktop config: servers added, env and headers to the keychain, bad entries skipped by name', async () => {
    const fs = name('filesystem');
    const remote = name('remote');
    const text = JSON.stringify({
      mcpServers: {
        [fs]: {
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'],
          env: { API_KEY: TOKEN },
        },
        [remote]: {
          type: 'streamable-http',
          url: 'https://mcp.example.com/mcp',
          headers: { Authorization: `Bearer ${TOKEN}` },
        },
        'old sse': { type: 'sse', url: 'https://mcp.example.com/sse' },
        broken: { command: 'x', args: 'not a list' },
        '!!!': { command: 'x' },
      },
    });
    const result = await config.importJson(text);
    expect(result.added).toEqual([fs, remote]);
    expect(result.updated).toEqual([]);
    expect(result.skipped.map((s) => s.name)).toEqual(['old sse', 'broken', '!!!']);
    expect(result.skipped[0]!.reason).toMatch(/SSE/);
    expect(result.skipped[1]!.reason).toMatch(/"args" must be a list/);
    expect(await secrets.get(account(fs, 'env', 'API_KEY'))).toBe(TOKEN);
    expect(await secrets.get(account(remote, 'header', 'Authorization'))).toBe(`Bearer ${TOKEN}`);
    expect(file()).not.toContain(TOKEN);
    expect(settings.get('mcpServers').find((s) => s.name === remote)).toMatchObject({
      transport: 'http',
      secretHeaders: ['Authorization'],
    });

    // Pasted again without the outer key, with other env: updated, the old env name deleted.
    const again = await config.importJson(
      JSON.stringify({ [fs]: { command: 'npx', env: { NEW_KEY: 'n' } } }),
    );
    expect(again).toEqual({ added: [], updated: [fs], skipped: [] });
    expect(await secrets.get(account(fs, 'env', 'API_KEY'))).toBeNull();
    expect(await secrets.get(account(fs, 'env', 'NEW_KEY'))).toBe('n');
  });

  it('an import past 50 servers skips the rest with the reason; text that is no config is refused whole', async () => {
    const many = Object.fromEntries(Array.from({ length: 52 }, (_, i) => [`s${i}`, { command: 'node' }]));
    const result = await config.importJson(JSON.stringify({ mcpServers: many }));
    expect(result.added).toHaveLength(50);
    expect(result.skipped).toEqual([
      { name: 's50', reason: 'At most 50 MCP servers.', code: 'limit', params: {} },
      { name: 's51', reason: 'At most 50 MCP servers.', code: 'limit', params: {} },
    ]);
    for (const text of [
      'not json',
      '[]',
      'null',
      '{"mcpServers": 3}',
      '{"command": "npx"}',
      'x'.repeat(200_001),
    ]) {
      const error = await config.importJson(text).catch((e: unknown) => e);
      expect(error, text.slice(0, 20)).toBeInstanceOf(ParleyError);
      expect((error as ParleyError).code).toBe('invalid_input');
    }
    expect(settings.get('mcpServers')).toHaveLength(50);
  });
});

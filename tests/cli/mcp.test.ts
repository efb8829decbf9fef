import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mcpSecretAccount } from '../../src/shared/mcp.ts';
import { openSecretStore } from '../../src/main/core/secrets/open-secret-store.ts';
import { openSettings } from '../../src/main/core/store/settings.ts';
import { ensureSecretService, toolsAvailable } from '../fixtures/secret-service.ts';
import type { SecretServiceSession } from '../fixtures/secret-service.ts';
import { EVERYTHING } from '../integration/tools/mcp-servers.ts';
import { runCli } from './run-cli.ts';

/**
 * `parley mcp add|list|remove` as a person types them: a real server-everything started to list
 * its tools, secret values in the real keychain (gnome-keyring), never in the settings file.
 */

const SECRET = 'mcp-cli-SECRET-value-4242';

describe.runIf(process.platform === 'linux' && toolsAvailable())('parley mcp', () => {
  let session: SecretServiceSession;
  let dataDir: string;
  const name = `everything-${process.pid}`;

  beforeAll(async () => {
    session = await ensureSecretService();
  }, 30_000);
  afterAll(() => session?.stop());
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-cli-mcp-'));
    return () => rmSync(dataDir, { recursive: true, force: true });
  });

  const parley = (args: string[], env: Record<string, string> = {}, stdin = '') =>
    runCli(args, { PARLEY_DATA_DIR: dataDir, ...env }, { stdin });
  const config = () => readFileSync(join(dataDir, 'config.json'), 'utf8');
  const keychain = async (variable: string) =>
    (await openSecretStore({ dataDir })).store.get(mcpSecretAccount(name, 'env', variable));

  it('adds a server with its secret in the keychain, lists it with its tools, removes it and its secret', async () => {
    const add = await parley(
      [
        'mcp',
        'add',
        name,
        '--env',
        `API_TOKEN=${SECRET}`,
        '--env',
        'FROM_SHELL',
        '--',
        process.execPath,
        EVERYTHING,
        'stdio',
      ],
      { FROM_SHELL: 'shell-value' },
    );
    expect(add).toMatchObject({ code: 0, stderr: '' });
    expect(add.stdout).toContain(`Added ${name} (${process.execPath} ${EVERYTHING} stdio).`);
    expect(add.stdout).toContain('The values of API_TOKEN, FROM_SHELL are in the keychain.');
    expect(config()).not.toContain(SECRET);
    expect(config()).not.toContain('shell-value');
    expect(openSettings({ dataDir }).settings.get('mcpServers')).toEqual([
      {
        name,
        enabled: true,
        transport: 'stdio',
        command: process.execPath,
        args: [EVERYTHING, 'stdio'],
        secretEnv: ['API_TOKEN', 'FROM_SHELL'],
      },
    ]);
    expect(await keychain('API_TOKEN')).toBe(SECRET);
    expect(await keychain('FROM_SHELL')).toBe('shell-value');

    const list = await parley(['mcp', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${name}\tenabled\t${process.execPath} ${EVERYTHING} stdio\n`);
    expect(list.stdout).toContain('environment from the keychain: API_TOKEN, FROM_SHELL');
    expect(list.stdout).toMatch(/ {4}tools: .*\bget-sum\b/);
    expect(list.stdout).toMatch(/ {4}tools: .*\becho\b/);
    expect(list.stdout).not.toContain(SECRET);

    const json = await parley(['mcp', 'list', '--json']);
    const parsed = JSON.parse(json.stdout) as { servers: { name: string; tools: { name: string }[] }[] };
    expect(parsed.servers).toHaveLength(1);
    expect(parsed.servers[0]).toMatchObject({ name, enabled: true, state: 'running', error: null });
    expect(parsed.servers[0]!.tools.map((tool) => tool.name)).toContain('get-sum');
    expect(json.stdout).not.toContain(SECRET);

    // Off and on again: its secrets stay saved.
    expect((await parley(['mcp', 'disable', name])).code).toBe(0);
    expect((await parley(['mcp', 'list'])).stdout).toContain(`${name}\tdisabled\t`);
    expect(await keychain('API_TOKEN')).toBe(SECRET);
    expect(await parley(['mcp', 'enable', name])).toMatchObject({ code: 0, stdout: `${name} is enabled.\n` });
    expect(openSettings({ dataDir }).settings.get('mcpServers')[0]).toMatchObject({
      enabled: true,
      secretEnv: ['API_TOKEN', 'FROM_SHELL'],
    });

    const remove = await parley(['mcp', 'remove', name]);
    expect(remove).toMatchObject({ code: 0, stdout: `Removed ${name} and its secrets.\n` });
    expect(openSettings({ dataDir }).settings.get('mcpServers')).toEqual([]);
    expect(await keychain('API_TOKEN')).toBeNull();
    expect(await keychain('FROM_SHELL')).toBeNull();
  }, 60_000);

  it('lists a server that cannot start with the reason, and a disabled one without starting it', async () => {
    expect((await parley(['mcp', 'add', 'broken', '--', join(dataDir, 'no-such-program')])).code).toBe(0);
    expect((await parley(['mcp', 'add', 'off', '--', join(dataDir, 'never-run')])).code).toBe(0);
    expect(await parley(['mcp', 'disable', 'off'])).toMatchObject({ code: 0, stdout: 'off is disabled.\n' });
    const list = await parley(['mcp', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^broken\tenabled\t.*no-such-program\n {4}could not start: .+/m);
    expect(list.stdout).toMatch(/^off\tdisabled\t.*never-run\n {4}not started \(disabled\)\n/m);
    const json = JSON.parse((await parley(['mcp', 'list', '--json'])).stdout) as { servers: object[] };
    expect(json.servers).toEqual([
      expect.objectContaining({ name: 'broken', state: 'failed', tools: [], error: expect.any(String) }),
      expect.objectContaining({ name: 'off', enabled: false, state: 'stopped', tools: [], error: null }),
    ]);
  }, 60_000);

  it('says there are none, and adds an HTTP server with its header in the keychain', async () => {
    const empty = await parley(['mcp', 'list']);
    expect(empty).toMatchObject({ code: 0, stdout: '' });
    expect(empty.stderr).toContain('No MCP servers yet');
    const add = await parley([
      'mcp',
      'add',
      name,
      '--url',
      'https://mcp.example.com/mcp',
      '--header',
      `Authorization: Bearer ${SECRET}`,
    ]);
    expect(add).toMatchObject({ code: 0, stderr: '' });
    expect(config()).not.toContain(SECRET);
    expect(openSettings({ dataDir }).settings.get('mcpServers')).toEqual([
      {
        name,
        enabled: true,
        transport: 'http',
        url: 'https://mcp.example.com/mcp',
        secretHeaders: ['Authorization'],
      },
    ]);
    const store = (await openSecretStore({ dataDir })).store;
    expect(await store.get(mcpSecretAccount(name, 'header', 'Authorization'))).toBe(`Bearer ${SECRET}`);
    expect((await parley(['mcp', 'remove', name])).code).toBe(0);
    expect(await store.get(mcpSecretAccount(name, 'header', 'Authorization'))).toBeNull();
  });

  it('imports an mcpServers config file: usable entries saved (values to the keychain), the others named', async () => {
    const file = join(dataDir, 'claude_desktop_config.json');
    writeFileSync(
      file,
      JSON.stringify({
        mcpServers: {
          [name]: { command: process.execPath, args: [EVERYTHING, 'stdio'], env: { API_TOKEN: SECRET } },
          remote: {
            type: 'http',
            url: 'https://mcp.example.com/mcp',
            headers: { Authorization: 'Bearer x' },
          },
          old: { type: 'sse', url: 'https://mcp.example.com/sse' },
        },
      }),
    );
    const imported = await parley(['mcp', 'import', file]);
    expect(imported.code).toBe(1); // one entry skipped
    expect(imported.stdout).toBe(`Added ${name}, remote.\n`);
    expect(imported.stderr).toMatch(/^Skipped old: .*SSE/m);
    expect(config()).not.toContain(SECRET);
    expect(await keychain('API_TOKEN')).toBe(SECRET);
    const list = await parley(['mcp', 'list']);
    expect(list.stdout).toMatch(new RegExp(`^${name}\\tenabled\\t[^\\n]+\\n.*\\n {4}tools: .*get-sum`, 'm'));

    const again = await parley(
      ['mcp', 'import', '-'],
      {},
      JSON.stringify({ remote: { url: 'https://b.example/mcp' } }),
    );
    expect(again).toMatchObject({ code: 0, stdout: 'Replaced remote.\n', stderr: '' });
    expect((await parley(['mcp', 'remove', name])).code).toBe(0);
    expect(await keychain('API_TOKEN')).toBeNull();
  }, 60_000);

  it.each([
    [
      ['mcp', 'add', 'x', 'node', 'server.js'],
      "Put the server's command after --: parley mcp add x -- node server.js",
    ],
    [['mcp', 'add', 'x'], 'Give the command that starts the server after --'],
    [['mcp', 'add', 'bad name', '--', 'node'], '"bad name" is not a server name. Use letters, digits'],
    [
      ['mcp', 'add', 'x', '--url', 'ftp://nope', '--', 'node'],
      'either --url URL (an HTTP server) or a command',
    ],
    [['mcp', 'add', 'x', '--url', 'not a url'], 'Not saved: url:'],
    [
      ['mcp', 'add', 'x', '--env', '1BAD=v', '--', 'node'],
      'Not saved: --env 1BAD: Not an environment variable name.',
    ],
    [
      ['mcp', 'add', 'x', '--env', 'UNSET_HERE', '--', 'node'],
      '--env UNSET_HERE: UNSET_HERE is not set in this shell',
    ],
    [
      ['mcp', 'add', 'x', '--header', 'secret-token-no-colon', '--url', 'https://a.example'],
      "--header needs 'Name: value'",
    ],
    [['mcp', 'remove', 'nobody'], 'There is no MCP server "nobody" (parley mcp list shows them).'],
    [['mcp', 'enable', 'nobody'], 'There is no MCP server "nobody" (parley mcp list shows them).'],
    [['mcp', 'disable', 'a', 'b'], 'parley mcp disable takes one NAME, not "b".'],
    [['mcp', 'list', 'extra'], 'parley mcp list takes no name.'],
    [['mcp', 'launch'], 'Unknown action "launch"'],
    [['mcp', 'import', '/nonexistent/config.json'], 'Cannot read /nonexistent/config.json: ENOENT.'],
    [['mcp', 'import', '-'], 'The pasted text is not valid JSON'],
    [['mcp', 'import'], 'parley mcp import takes one FILE (or - for standard input).'],
    [['mcp'], 'Say what to do: add, list, remove, enable, disable or import.'],
    [['mcp', 'list', '--env', 'A=1'], 'parley mcp list takes no --env.'],
    [['mcp', 'add', 'x', '--json', '--', 'node'], 'parley mcp add takes no --json.'],
    [['mcp', 'remove', 'x', '--url', 'https://a.example'], 'parley mcp remove takes no --url.'],
  ])('refuses %j in plain words with exit status 2', async (args, message) => {
    const result = await parley(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('secret-token-no-colon');
    expect(result.stdout).toBe('');
  });

  it('prints its help with --help and in parley help', async () => {
    const help = await parley(['mcp', '--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('parley mcp add NAME [--env NAME=VALUE]... -- COMMAND [ARGS...]');
    const all = await parley(['help']);
    expect(all.stdout).toContain('parley mcp list [--json]');
    expect(all.stdout).toContain('[--tools [--yes]]');
  });
});

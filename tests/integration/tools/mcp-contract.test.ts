import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestInput, RequestName } from '../../../src/shared/contract.ts';
import type { SettingsView } from '../../../src/shared/settings.ts';
import { mcpSecretAccount } from '../../../src/shared/mcp.ts';
import { dispatch } from '../../../src/main/core/rpc/bind-contract.ts';
import type { CoreHarness } from '../core/harness.ts';
import { recordingPeer, startCore } from '../core/harness.ts';
import { EVERYTHING } from './mcp-servers.ts';

/**
 * The `mcp.*` requests on the composed core, through the contract as a window sends them: a server
 * added with a secret (the keychain has it, config.json and every answer do not), listed with its
 * state, tested (real server-everything), imported from a pasted config, removed; hostile input
 * gets plain words and the core keeps answering.
 */

const SECRET = `mcp-secret-${process.pid}-VALUE`;
let harness: CoreHarness;
const { peer, events } = recordingPeer('mcp');
const call = <N extends RequestName>(name: N, input: RequestInput<N>) => harness.call(name, input);

beforeAll(async () => {
  harness = await startCore(peer, 'mcp');
}, 30_000);
afterAll(async () => {
  await call('mcp.remove', { name: 'everything' }).catch(() => undefined);
  await harness.close();
});

const raw = (name: string, input: unknown) =>
  dispatch(harness.core.handlers, { name, input, peer, trusted: true });

describe('mcp.* requests', () => {
  it('saves a server by command: its secret to the keychain, listed as saved, never sent back', async () => {
    const saved = await call('mcp.save', {
      server: {
        name: 'everything',
        transport: 'stdio',
        command: process.execPath,
        args: [EVERYTHING, 'stdio'],
      },
      secrets: [{ name: 'EVERYTHING_TOKEN', value: SECRET }],
    });
    expect(saved.added).toBe(true);
    expect(saved.server.status).toMatchObject({ name: 'everything', state: 'stopped', restarts: 0 });
    expect(saved.server.secrets).toEqual([{ name: 'EVERYTHING_TOKEN', saved: true }]);
    expect(await harness.core.secrets.get(mcpSecretAccount('everything', 'env', 'EVERYTHING_TOKEN'))).toBe(
      SECRET,
    );

    const list = await call('mcp.list', {});
    expect(list.map((server) => server.config.name)).toEqual(['everything']);
    // Every window hears of it through settings.changed, with the server in its list.
    const changed = events.filter((e) => e.name === 'settings.changed').at(-1)?.payload as SettingsView;
    expect(changed.mcpServers.map((s) => s.name)).toEqual(['everything']);
    expect(JSON.stringify([saved, list, events])).not.toContain(SECRET);
    expect(readFileSync(harness.core.settings.path, 'utf8')).not.toContain(SECRET);
  });

  it('Test starts it and lists its tools; an unknown server is a plain not_found', async () => {
    const status = await call('mcp.test', { name: 'everything' });
    expect(status.state).toBe('running');
    expect(status.tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['get-sum', 'echo']));
    expect(
      events.some((e) => e.name === 'mcp.status' && (e.payload as { state: string }).state === 'running'),
    ).toBe(true);
    expect(await raw('mcp.test', { name: 'nobody' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'There is no MCP server named “nobody”.' },
    });
  }, 30_000);

  it('imports a pasted config and removes a server', async () => {
    const result = await call('mcp.import', {
      text: JSON.stringify({
        mcpServers: { fetch: { command: 'uvx', args: ['mcp-server-fetch'] }, bad: { url: 7 } },
      }),
    });
    expect(result).toEqual({
      added: ['fetch'],
      updated: [],
      skipped: [{ name: 'bad', reason: 'It has no "command" and no "url".', code: 'no-target', params: {} }],
    });
    expect(await call('mcp.remove', { name: 'fetch' })).toEqual({ removed: true });
    expect((await call('mcp.list', {})).map((server) => server.config.name)).toEqual(['everything']);
  });

  it('hostile input: plain invalid_input (or a plain refusal), nothing saved, the core keeps answering', async () => {
    const hostile: [string, unknown][] = [
      ['mcp.save', null],
      ['mcp.save', 'everything'],
      ['mcp.save', { server: { name: '../../etc', transport: 'stdio', command: 'x' } }],
      ['mcp.save', { server: { name: 'a'.repeat(10_000), transport: 'stdio', command: 'x' } }],
      ['mcp.save', { server: { name: 'ok', transport: 'stdio', command: 'x'.repeat(1_000_000) } }],
      ['mcp.save', { server: { name: 'ok', transport: 'stdio', command: 'x', args: 'rm -rf /' } }],
      ['mcp.save', { server: { name: 'ok', transport: 'stdio', command: 'x', shell: true } }],
      ['mcp.save', { server: { name: 'ok', transport: 'ws', url: 'ws://x' } }],
      [
        'mcp.save',
        { server: { name: 'ok', transport: 'stdio', command: 'x' }, secrets: [{ name: 'A', value: 5 }] },
      ],
      [
        'mcp.save',
        {
          server: { name: 'ok', transport: 'stdio', command: 'x' },
          secrets: [{ name: '__proto__ x', value: 'v' }],
        },
      ],
      [
        'mcp.save',
        {
          server: { name: 'ok', transport: 'stdio', command: 'x' },
          secrets: Array(51).fill({ name: 'A', value: 'v' }),
        },
      ],
      ['mcp.remove', { name: { toString: 'x' } }],
      ['mcp.remove', { name: '' }],
      ['mcp.test', { name: 'a b' }],
      ['mcp.test', {}],
      ['mcp.import', { text: 'x'.repeat(300_000) }],
      ['mcp.import', { text: 42 }],
      ['mcp.import', { text: '{"mcpServers": ' }],
      ['mcp.import', { text: '['.repeat(100_000) }],
    ];
    for (const [name, input] of hostile) {
      const answer = await raw(name, input);
      expect(answer.ok, `${name} ${JSON.stringify(input)?.slice(0, 80)}`).toBe(false);
      if (answer.ok) continue;
      expect(answer.error.code).toBe('invalid_input');
      expect(answer.error.message.length).toBeLessThan(400);
      expect(answer.error.message).not.toMatch(/at .*\.ts:\d|TypeError/);
    }
    expect((await call('mcp.list', {})).map((server) => server.config.name)).toEqual(['everything']);
  });
});

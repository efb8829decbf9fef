import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParleyError } from '../../../src/shared/errors.ts';
import { mcpServerSchema } from '../../../src/shared/mcp.ts';
import { parseMcpImport, serverName } from '../../../src/main/core/tools/mcp/mcp-import.ts';
import { checkSeeds } from '../../fixtures/import-fuzz.ts';

/** The pasted `mcpServers` JSON, read entry by entry; hostile text never crashes it. */

describe('reading a pasted mcpServers config', () => {
  it('reads Cursor / Cherry Studio shapes: command, http with headers, disabled, numbers as text', () => {
    const { entries, skipped } = parseMcpImport(
      JSON.stringify({
        mcpServers: {
          'My Server!': {
            command: 'uvx',
            args: ['mcp-server-fetch'],
            env: { PORT: 8080, DEBUG: true, EMPTY: '' },
          },
          web: { url: 'https://x.example/mcp', headers: { 'X-Api-Key': 'k' }, disabled: true },
          typed: { type: 'stdio', command: 'node', cwd: '/srv' },
        },
      }),
    );
    expect(skipped).toEqual([]);
    expect(entries.map((e) => e.server)).toEqual([
      {
        name: 'My-Server',
        enabled: true,
        transport: 'stdio',
        command: 'uvx',
        args: ['mcp-server-fetch'],
        secretEnv: ['PORT', 'DEBUG'],
      },
      {
        name: 'web',
        enabled: false,
        transport: 'http',
        url: 'https://x.example/mcp',
        secretHeaders: ['X-Api-Key'],
      },
      {
        name: 'typed',
        enabled: true,
        transport: 'stdio',
        command: 'node',
        args: [],
        cwd: '/srv',
        secretEnv: [],
      },
    ]);
    expect(entries[0]!.secrets).toEqual([
      { name: 'PORT', value: '8080' },
      { name: 'DEBUG', value: 'true' },
    ]);
  });

  it('skips each bad entry with its reason and keeps the others', () => {
    const { entries, skipped } = parseMcpImport(
      JSON.stringify({
        servers: {
          good: { command: 'node' },
          nothing: {},
          text: 'npx foo',
          weird: { type: 'websocket', url: 'ws://x' },
          badEnv: { command: 'x', env: { 'BAD-NAME': 'v' } },
          objEnv: { command: 'x', env: { A: { nested: 1 } } },
          badUrl: { url: 'ftp://x.example' },
          badHeader: { url: 'https://x.example', headers: { A: 'one\ntwo' } },
          'good!': { command: 'node' },
          good_: { command: 'node', args: Array(101).fill('a') },
          ['__proto__']: { command: 'node' },
        },
      }),
    );
    expect(entries.map((e) => e.server.name)).toEqual(['good', '__proto__']);
    const reasons = Object.fromEntries(skipped.map((s) => [s.name, s.reason]));
    expect(reasons).toEqual({
      nothing: 'It has no "command" and no "url".',
      text: 'It is not an object with a "command" or a "url".',
      weird: 'Its type “websocket” is not one Parley knows (stdio or http).',
      badEnv: '“BAD-NAME” is not an environment variable name.',
      objEnv: 'The value of “A” must be text.',
      badUrl: expect.stringMatching(/^“url”: .*http/),
      badHeader: 'A header value must be one line.',
      'good!': 'Another entry already has the name “good”.',
      good_: expect.stringMatching(/^“args”: /),
    });
    // A window words each by its code, in its own language.
    expect(skipped.map((s) => [s.code, s.params])).toEqual([
      ['no-target', {}],
      ['not-object', {}],
      ['unknown-type', { type: 'websocket' }],
      ['env-name', { name: 'BAD-NAME' }],
      ['value-type', { name: 'A' }],
      ['invalid', { field: 'url' }],
      ['header-line', {}],
      ['duplicate', { name: 'good' }],
      ['invalid', { field: 'args' }],
    ]);
  });

  it('names: cut to 32, unusable ones refused', () => {
    expect(serverName('a'.repeat(40))).toBe('a'.repeat(32));
    expect(serverName('  fetch (local) ')).toBe('fetch-local');
    expect(() => serverName('文件')).toThrow(/no letters or digits/);
  });

  it('caps the entries it reads', () => {
    const many = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`s${i}`, { command: 'n' }]));
    const { entries, skipped } = parseMcpImport(JSON.stringify(many));
    expect(entries).toHaveLength(200);
    expect(skipped).toEqual([
      { name: '…', reason: '50 more entries were not read.', code: 'more', params: { count: 50 } },
    ]);
  });

  it('deeply nested JSON is refused or read, never a crash', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(() => parseMcpImport(deep)).toThrow(ParleyError);
    const deepEnv = `{"mcpServers":{"a":{"command":"x","env":{"A":${'['.repeat(50_000)}${']'.repeat(50_000)}}}}}`;
    expect(parseMcpImport(deepEnv).skipped[0]).toMatchObject({
      name: 'a',
      reason: 'The value of “A” must be text.',
    });
  });

  it('hostile JSON: a ParleyError or entries that pass the settings schema, never anything else', async () => {
    const scalar = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null));
    const key = fc.oneof(
      fc.constantFrom(
        'command',
        'args',
        'env',
        'url',
        'headers',
        'type',
        'cwd',
        'disabled',
        '__proto__',
        'constructor',
      ),
      fc.string({ maxLength: 12 }),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        fc.constantFrom('stdio', 'http', 'sse', 'https://a.example/mcp', 'node'),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 5 }),
      ),
    })).node;
    const config = fc.oneof(
      fc.record({ mcpServers: fc.dictionary(fc.string({ maxLength: 40 }), value, { maxKeys: 6 }) }),
      fc.dictionary(fc.string({ maxLength: 40 }), value, { maxKeys: 6 }),
      value,
    );
    const text = fc.oneof(
      config.map((c) => JSON.stringify(c) ?? 'undefined'),
      fc.string({ maxLength: 200 }),
    );
    await checkSeeds(
      'mcp import',
      fc.property(text, (input) => {
        let parsed;
        try {
          parsed = parseMcpImport(input);
        } catch (error) {
          expect(error).toBeInstanceOf(ParleyError);
          return;
        }
        for (const { server, secrets } of parsed.entries) {
          expect(mcpServerSchema.parse(server)).toEqual(server);
          const names = server.transport === 'stdio' ? server.secretEnv : server.secretHeaders;
          expect(secrets.map((s) => s.name)).toEqual(names);
        }
        for (const skip of parsed.skipped) expect(skip.reason.length).toBeGreaterThan(5);
      }),
      300,
      4,
    );
  });
});

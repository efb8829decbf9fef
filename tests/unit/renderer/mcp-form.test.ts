import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkDraft,
  emptyDraft,
  splitArgs,
  withStatus,
} from '../../../src/renderer/src/components/settings/mcp-form.ts';
import { mcpSaveInputSchema, type McpServerView } from '../../../src/shared/mcp.ts';
import { checkSeeds } from '../../fixtures/import-fuzz.ts';

/** Settings' "Add server" form: the arguments split as a shell would (without one), each field's problem named. */

describe('splitting the arguments', () => {
  it('spaces separate; quotes keep spaces; a backslash keeps the next character; an open quote is refused', () => {
    expect(splitArgs('  -y  @modelcontextprotocol/server-everything ')).toEqual([
      '-y',
      '@modelcontextprotocol/server-everything',
    ]);
    expect(splitArgs(`--root "/home/me/My Files" 'a b' c\\ d ""`)).toEqual([
      '--root',
      '/home/me/My Files',
      'a b',
      'c d',
      '',
    ]);
    expect(splitArgs(`"say \\"hi\\"" 'it\\s'`)).toEqual(['say "hi"', 'it\\s']);
    expect(splitArgs('"open')).toBeNull();
    expect(splitArgs('')).toEqual([]);
  });

  it('words without quotes, backslashes or spaces come back as they were', async () => {
    const word = fc.stringMatching(/^[^\s"'\\]{1,12}$/);
    await checkSeeds(
      'mcp args',
      fc.property(fc.array(word, { maxLength: 8 }), (words) => {
        expect(splitArgs(words.join('  '))).toEqual(words);
        // Quoted, any word survives, spaces and all.
        const quoted = words.map((w) => `'${w} x'`).join(' ');
        expect(splitArgs(quoted)).toEqual(words.map((w) => `${w} x`));
      }),
      200,
    );
  });
});

describe('checking the draft', () => {
  it('a command server with its variables becomes the mcp.save input main accepts', () => {
    const checked = checkDraft({
      ...emptyDraft,
      name: ' everything ',
      command: 'node',
      args: 'index.js stdio',
      vars: [
        { name: 'API_KEY', value: 'secret' },
        { name: '', value: '' },
      ],
    });
    expect(checked).toEqual({
      ok: true,
      input: {
        server: { name: 'everything', transport: 'stdio', command: 'node', args: ['index.js', 'stdio'] },
        secrets: [{ name: 'API_KEY', value: 'secret' }],
      },
    });
    if (checked.ok) expect(mcpSaveInputSchema.safeParse(checked.input).success).toBe(true);
  });

  it('names the fields to fix', () => {
    const problems = (draft: Partial<typeof emptyDraft>) => {
      const checked = checkDraft({ ...emptyDraft, ...draft });
      return checked.ok ? [] : [...checked.problems].sort();
    };
    expect(problems({ name: 'my server', command: 'x' })).toEqual(['name']);
    expect(problems({ name: 'a', command: ' ' })).toEqual(['command']);
    expect(problems({ name: 'a', command: 'x', args: '"open' })).toEqual(['args']);
    expect(problems({ name: 'a', transport: 'http', url: 'example.com' })).toEqual(['url']);
    expect(problems({ name: 'a', command: 'x', vars: [{ name: '1X', value: 'v' }] })).toEqual(['vars']);
    expect(problems({ name: 'a', command: 'x', vars: [{ name: '', value: 'orphan' }] })).toEqual(['vars']);
    expect(
      problems({
        name: 'a',
        transport: 'http',
        url: 'https://a.example',
        vars: [{ name: 'X', value: 'a\nb' }],
      }),
    ).toEqual(['vars']);
    expect(problems({ name: '', command: '' }).sort()).toEqual(['command', 'name']);
  });
});

it('a status event changes only its server', () => {
  const view = (name: string): McpServerView => ({
    config: { name, enabled: true, transport: 'stdio', command: 'x', args: [], secretEnv: [] },
    status: { name, state: 'stopped', tools: [], lastError: null, restarts: 0 },
    secrets: [],
  });
  const list = [view('a'), view('b')];
  const next = withStatus(list, {
    name: 'b',
    state: 'failed',
    tools: [],
    lastError: 'It crashed.',
    restarts: 1,
  });
  expect(next[0]).toBe(list[0]);
  expect(next[1]!.status).toMatchObject({ state: 'failed', lastError: 'It crashed.' });
});

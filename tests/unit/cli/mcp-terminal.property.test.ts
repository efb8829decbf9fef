import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../../../src/cli/args.ts';
import { readMcpArgs } from '../../../src/cli/mcp-args.ts';
import { foldedLine, terminalText } from '../../../src/cli/terminal-text.ts';
import { mcpServerSchema } from '../../../src/shared/mcp.ts';
import { checkSeeds } from '../../fixtures/import-fuzz.ts';

/**
 * Any command line `parley mcp` may be given is either read into a valid action or refused with a
 * CliUsageError (exit status 2, plain words), never another error; and no text a model or a tool
 * writes reaches the terminal with a control character that would act on it.
 */

const word = fc.oneof(
  fc.constantFrom(
    'add',
    'list',
    'remove',
    '--',
    '--env',
    '--url',
    '--header',
    '--json',
    '-h',
    'x',
    'A=1',
    'B',
  ),
  fc.constantFrom('https://a.example/mcp', 'Authorization: Bearer t', 'node', '--help', '=', ':', ''),
  fc.string({ maxLength: 12 }),
);

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('parley mcp arguments and terminal text', () => {
  it('reads any command line into a valid server or a usage error', async () => {
    await checkSeeds(
      'mcp args',
      fc.property(fc.array(word, { maxLength: 9 }), (args) => {
        try {
          const action = readMcpArgs(args, { B: 'from-shell' });
          if (action.action === 'add') {
            expect(mcpServerSchema.safeParse(action.config).success).toBe(true);
            const named =
              action.config.transport === 'stdio' ? action.config.secretEnv : action.config.secretHeaders;
            expect(named).toEqual(Object.keys({ ...action.secrets.env, ...action.secrets.headers }));
          }
        } catch (error) {
          expect(error).toBeInstanceOf(CliUsageError);
        }
      }),
      400,
    );
  });

  it('never passes a terminal control through, and folds to one line', async () => {
    const text = fc.string({ unit: 'binary', maxLength: 300 });
    await checkSeeds(
      'terminal text',
      fc.property(text, (value) => {
        expect(terminalText(value)).not.toMatch(UNSAFE);
        const folded = foldedLine(value);
        expect(folded).not.toMatch(UNSAFE);
        expect(folded).not.toContain('\n');
        expect(folded.length).toBeLessThanOrEqual(100 + ' (+9999 lines)'.length);
      }),
      500,
    );
  });

  it('shows controls as visible marks and says how many lines were left out', () => {
    expect(terminalText('a\u001b[2Jb\u202e')).toBe('a\\u{1b}[2Jb\\u{202e}');
    expect(foldedLine('\n  first line\nsecond\nthird\n')).toBe('first line (+2 lines)');
    expect(foldedLine('x'.repeat(150))).toBe(`${'x'.repeat(99)}…`);
    expect(foldedLine('  \n')).toBe('(empty)');
  });
});

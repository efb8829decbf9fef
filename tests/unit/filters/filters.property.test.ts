import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSecrets, redactSecrets } from '../../../src/main/core/filters/secret-guard.ts';
import { testRules } from '../../../src/main/core/filters/rules.ts';
import { checkSeeds } from '../../fixtures/import-fuzz.ts';

/**
 * Whatever the text and whatever the person's rules, the guard and the rules never throw and never
 * take long: texts built from the pieces secrets and patterns are made of (prefixes, separators,
 * digits, `@`, PEM lines, full-width forms), repeated to a hostile length; rules from the same
 * alphabet, regular expressions included. A redacted text holds nothing the guard still finds.
 * Fixed seed plus a printed random seed (PARLEY_FUZZ_SEED replays one).
 */
const piece = fc.oneof(
  fc.constantFrom(
    'sk-',
    'sk-ant-api03-',
    'sk-proj-',
    'AKIA',
    'ghp_',
    'github_pat_',
    'xoxb-',
    'AIza',
    'eyJ',
    '.',
    '@',
    '://',
    'postgres://',
    'u:p@',
    'Server=a;',
    'Password=',
    '-----BEGIN PRIVATE KEY-----',
    '-----END PRIVATE KEY-----',
    '\n',
    ' ',
    '-',
    '_',
    '+86 ',
    '138',
    '4111',
    '1',
    'X',
    'ａ',
    '工资',
    '\ud800',
    '🙂',
    'aaaaaaaaaaaaaaaaaaaa',
  ),
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/),
);
const text = fc
  .tuple(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 1, max: 400 }))
  .map(([pieces, times]) => pieces.join('').repeat(times).slice(0, 100_000));
const patternPiece = fc.constantFrom(
  'a',
  '.',
  '*',
  '+',
  '?',
  '(',
  ')',
  '|',
  '[',
  ']',
  '\\',
  '{2,}',
  '^',
  '$',
  'ａ',
  '工',
);
const rule = fc.record({
  id: fc.constantFrom('r1', 'r2', 'r3'),
  pattern: fc.array(patternPiece, { minLength: 1, maxLength: 14 }).map((p) => p.join('')),
  regex: fc.boolean(),
  action: fc.constantFrom('block' as const, 'warn' as const),
  scope: fc.constantFrom('both' as const, 'question' as const, 'answer' as const),
});

describe('the guard and the rules on any input', () => {
  it('never throw, stay fast, and redact everything they find', async () => {
    await checkSeeds(
      'content filters',
      fc.property(text, fc.boolean(), fc.array(rule, { maxLength: 4 }), (input, personalData, rules) => {
        const options = { personalData, storedKeys: ['aaaaaaaaaa'] };
        const started = performance.now();
        findSecrets(input, options);
        const redacted = redactSecrets(input, options);
        const guardMs = performance.now() - started;
        const rulesStarted = performance.now();
        const result = testRules(input, rules);
        const rulesMs = performance.now() - rulesStarted;
        // Generous bounds for a loaded machine: the bench measures the real figures.
        expect(guardMs).toBeLessThan(400);
        expect(rulesMs).toBeLessThan(200 * rules.length + 400);
        expect(result.matches.length + result.invalid.length).toBeLessThanOrEqual(rules.length * 2);
        for (const kind of findSecrets(redacted, options).keys()) expect(kind).toBeUndefined();
      }),
      60,
      8,
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  baseUrlProblem,
  idleProblem,
} from '../../../src/renderer/src/components/settings/provider-checks.ts';
import { httpUrlSchema, providerSaveSchema } from '../../../src/shared/providers.ts';

const seed = Number(process.env.PARLEY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`provider-checks: PARLEY_FUZZ_SEED=${seed}`);

/** The provider form's own checks, said at the field: they must agree with what main refuses. */
describe('the base URL check', () => {
  it('refuses an address without http:// or https:// (and says which problem)', () => {
    expect(baseUrlProblem('api.example.com/v1')).toBe('urlScheme');
    expect(baseUrlProblem('ftp://example.com/v1')).toBe('urlScheme');
    expect(baseUrlProblem('https://')).toBe('urlInvalid');
    expect(baseUrlProblem('HTTPS://api.example.com/v1')).toBeNull();
    expect(baseUrlProblem('  ')).toBeNull(); // empty: the kind's default is used
  });

  for (const [name, fcSeed] of [
    ['a fixed seed', 20261201],
    ['a random seed', seed],
  ] as const) {
    it(`never lets through what main refuses (${name})`, () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string(),
            fc.webUrl(),
            fc.webUrl().map((u) => u.replace(/^https?:\/\//, '')),
          ),
          (text) => {
            if (!text.trim()) return;
            if (baseUrlProblem(text) === null)
              expect(httpUrlSchema.safeParse(text.trim()).success).toBe(true);
          },
        ),
        { seed: fcSeed, numRuns: 200 },
      );
    });
  }
});

describe('the idle timeout check', () => {
  it('takes whole seconds from 5 to 600, as main does', () => {
    for (const ok of ['', '5', '300', '600']) expect(idleProblem(ok)).toBeNull();
    for (const bad of ['4', '601', '2.5', 'abc', '-10']) expect(idleProblem(bad)).toBe('idleRange');
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 1000 }), (seconds) => {
        const accepted = idleProblem(String(seconds)) === null;
        const provider = {
          id: 'p',
          name: 'P',
          kind: 'openai' as const,
          baseUrl: 'https://api.example.com/v1',
          auth: { type: 'api-key' as const },
          timeouts: { idleMs: seconds * 1000 },
        };
        expect(accepted).toBe(providerSaveSchema.safeParse(provider).success);
      }),
      { seed, numRuns: 300 },
    );
  });
});

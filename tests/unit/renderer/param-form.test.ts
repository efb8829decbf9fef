import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelParametersSchema, parameterNames } from '../../../src/shared/assistants.ts';
import type { ModelParameters } from '../../../src/shared/assistants.ts';
import {
  fromForm,
  historyLimitText,
  parseHistoryLimit,
  shortTokens,
  toForm,
} from '../../../src/renderer/src/components/assistants/param-form.ts';

/**
 * The parameter fields' text and back: what the shared schema accepts survives the form unchanged,
 * and what it refuses is named as a problem rather than sent.
 */
const FIXED_SEED = 12_012;
const RANDOM_SEED = Number(process.env.PARLEY_FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
console.log(`param-form seeds: fixed ${FIXED_SEED}, random ${RANDOM_SEED} (PARLEY_FUZZ_SEED=${RANDOM_SEED})`);

// -0 is typed as 0: the same value to every API.
const real = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => x + 0);
const parameters: fc.Arbitrary<ModelParameters> = fc.record(
  {
    temperature: real(0, 2),
    topP: real(0, 1),
    maxOutputTokens: fc.integer({ min: 1, max: 1_000_000 }),
    presencePenalty: real(-2, 2),
    frequencyPenalty: real(-2, 2),
    seed: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    stop: fc.array(
      fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim() !== '' && !s.includes('\n')),
      { maxLength: 4 },
    ),
    reasoningEffort: fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
    thinkingBudget: fc.integer({ min: 1024, max: 128_000 }),
  },
  { requiredKeys: [] },
);

describe('parameter form', () => {
  for (const seed of [FIXED_SEED, RANDOM_SEED]) {
    it(`round-trips whatever the schema accepts (seed ${seed})`, () => {
      fc.assert(
        fc.property(parameters, (p) => {
          const { parameters: back, problems } = fromForm(toForm(p));
          expect(problems).toEqual({});
          // An empty stop list is "no stop sequences": the form leaves it out.
          const expected = { ...p };
          if (expected.stop?.length === 0) delete expected.stop;
          expect(back).toEqual(expected);
          expect(modelParametersSchema.safeParse(back).success).toBe(true);
        }),
        { seed, numRuns: 300 },
      );
    });
  }

  it('names the problem of each bad field and sends none of them', () => {
    const form = toForm({});
    form.temperature = '2.5';
    form.topP = 'abc';
    form.maxOutputTokens = '10.5';
    form.seed = '12';
    form.stop = 'a\nb\nc\nd\ne';
    const { parameters: out, problems } = fromForm(form);
    expect(problems).toEqual({
      temperature: { key: 'range', min: 0, max: 2 },
      topP: { key: 'notNumber' },
      maxOutputTokens: { key: 'notInteger' },
      stop: { key: 'tooManyStops' },
    });
    expect(out).toEqual({ seed: 12 });
  });

  it('leaves empty fields to the defaults', () => {
    expect(fromForm(toForm({}))).toEqual({ parameters: {}, problems: {} });
    expect(Object.keys(toForm({}))).toEqual([...parameterNames]);
  });

  it('reads the history limit: all, a count, or a bad number', () => {
    expect(parseHistoryLimit(historyLimitText(null))).toBeNull();
    expect(parseHistoryLimit(historyLimitText(12))).toBe(12);
    for (const bad of ['', '0', '-3', '2.5', '10001', 'x']) expect(parseHistoryLimit(bad)).toBeUndefined();
  });

  it('writes context windows the way people say them', () => {
    expect(shortTokens(8192)).toBe('8k');
    expect(shortTokens(128_000)).toBe('128k');
    expect(shortTokens(131_072)).toBe('128k');
    expect(shortTokens(200_000)).toBe('200k');
    expect(shortTokens(1_048_576)).toBe('1M');
    expect(shortTokens(900)).toBe('900');
  });
});

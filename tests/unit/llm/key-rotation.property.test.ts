import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coolingMs, KeyRotation } from '../../../src/main/core/llm/key-rotation.ts';
import { appError } from '../../../src/main/core/llm/errors.ts';
import { checkSeeds } from '../../fixtures/import-fuzz.ts';
import { InstantClock } from './support.ts';

// The rotation's rules over any set of keys, cool-downs and keys already tried this request: a free
// key is always preferred, the turn goes round every key, and with none free the soonest to rest
// less is chosen. A fixed seed and a random one (printed), bounded in runs and time.

const keyIds = fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 });

describe('key rotation (properties)', () => {
  it('prefers a free key, else the one whose rest ends first', async () => {
    await checkSeeds(
      'key rotation: choice',
      fc.property(
        keyIds,
        fc.array(fc.integer({ min: 0, max: 120_000 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.nat(10),
        (ids, rests, tried, turnsBefore) => {
          const clock = new InstantClock();
          const rotation = new KeyRotation(clock);
          const keys = ids.map((id) => ({ id }));
          for (let i = 0; i < turnsBefore; i++) rotation.pick('p', keys, new Set());
          ids.forEach((id, i) => {
            if (rests[i]! > 0) rotation.coolDown('p', id, rests[i]!);
          });
          const avoid = new Set(ids.filter((_, i) => tried[i]));
          const { key, wanted } = rotation.pick('p', keys, avoid);
          expect(ids).toContain(key.id);
          expect(ids).toContain(wanted.id);
          const free = ids.filter((id) => !rotation.isCooling('p', id) && !avoid.has(id));
          if (free.length) expect(free).toContain(key.id);
          else {
            const until = (id: number) => rotation.cooling('p').get(id) ?? 0;
            expect(until(key.id)).toBe(Math.min(...ids.map(until)));
          }
        },
      ),
      300,
    );
  });

  it('goes round every key in turn when none is resting', async () => {
    await checkSeeds(
      'key rotation: turns',
      fc.property(keyIds, fc.nat(10), (ids, start) => {
        const rotation = new KeyRotation(new InstantClock());
        const keys = ids.map((id) => ({ id }));
        for (let i = 0; i < start; i++) rotation.pick('p', keys, new Set());
        const round = keys.map(() => rotation.pick('p', keys, new Set()));
        expect(new Set(round.map((r) => r.key.id)).size).toBe(ids.length);
        for (const r of round) expect(r.key).toBe(r.wanted);
      }),
      300,
    );
  });

  it('rests a key for Retry-After, else a minute, an hour for a spent quota, and never for other failures', () => {
    const now = 1_700_000_000_000;
    const failure = (code: 'rate_limited' | 'no_credit' | 'server_error', headers = {}) => ({
      error: appError(code, 'x'),
      headers,
    });
    expect(coolingMs(failure('rate_limited'), now)).toBe(60_000);
    expect(coolingMs(failure('rate_limited', { 'retry-after': '12' }), now)).toBe(12_000);
    expect(coolingMs(failure('rate_limited', { 'retry-after-ms': '250' }), now)).toBe(250);
    expect(coolingMs(failure('no_credit'), now)).toBe(3_600_000);
    expect(coolingMs(failure('rate_limited', { 'retry-after': '999999999' }), now)).toBe(86_400_000);
    expect(coolingMs(failure('server_error'), now)).toBeNull();
  });
});

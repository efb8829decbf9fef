import { describe, expect, it } from 'vitest';
import { ratedQuality } from '../../../src/main/core/chat/model-quality.ts';

/** Ratings as routing's tie-breaker: a smoothed share of thumbs up, read at most once a minute. */

const ref = (model: string) => ({ providerId: 'openai', model });

describe('ratedQuality', () => {
  it('is the smoothed share liked; unrated models are null', () => {
    const quality = ratedQuality(
      () =>
        new Map([
          ['openai\u0000liked', { up: 8, down: 0 }],
          ['openai\u0000disliked', { up: 0, down: 8 }],
          ['openai\u0000one-vote', { up: 1, down: 0 }],
        ]),
    );
    expect(quality(ref('liked'))).toBeCloseTo(0.9);
    expect(quality(ref('disliked'))).toBeCloseTo(0.1);
    // One thumbs up is not a verdict: it ranks below a model liked eight times.
    expect(quality(ref('one-vote'))!).toBeLessThan(quality(ref('liked'))!);
    expect(quality(ref('nobody'))).toBeNull();
  });

  it('reads the history at most once a minute, over the last 30 days', () => {
    let time = 1_700_000_000_000;
    const reads: number[] = [];
    const quality = ratedQuality(
      (since) => {
        reads.push(since);
        return new Map([['openai\u0000m', { up: reads.length, down: 0 }]]);
      },
      () => time,
    );
    quality(ref('m'));
    time += 30_000;
    quality(ref('m'));
    expect(reads).toEqual([1_700_000_000_000 - 30 * 24 * 3600 * 1000]);
    time += 31_000;
    quality(ref('m'));
    expect(reads).toHaveLength(2);
  });

  it('a history that cannot be read rates nobody and never throws', () => {
    const quality = ratedQuality(() => {
      throw new Error('database is locked');
    });
    expect(quality(ref('m'))).toBeNull();
  });
});

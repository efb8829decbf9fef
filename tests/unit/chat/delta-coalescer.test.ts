import { describe, expect, it } from 'vitest';
import type { Timers } from '../../../src/main/core/chat/delta-coalescer.ts';
import { DeltaCoalescer } from '../../../src/main/core/chat/delta-coalescer.ts';

/** A clock the test moves by hand. */
function manualTimers() {
  let now = 0;
  const queue: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 0;
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      queue.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      const i = queue.findIndex((t) => t.id === id);
      if (i >= 0) queue.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const t of queue.filter((t) => t.at <= now)) {
      queue.splice(queue.indexOf(t), 1);
      t.fn();
    }
  };
  return { timers, advance };
}

describe('DeltaCoalescer', () => {
  it('sends the first delta at once, then at most one message per interval however fast tokens come', () => {
    const { timers, advance } = manualTimers();
    const sent: string[] = [];
    const c = new DeltaCoalescer((text) => sent.push(text), 16, timers);
    c.push('a');
    expect(sent).toEqual(['a']);
    for (let i = 0; i < 1000; i++) {
      c.push('x');
      if (i % 10 === 0) advance(1);
    }
    // 1000 tokens over ~100 ms: one message per 16 ms, not one per token.
    expect(sent.length).toBeLessThanOrEqual(1 + Math.ceil(100 / 16) + 1);
    c.flush();
    expect(sent.join('')).toBe('a' + 'x'.repeat(1000));
  });

  it('keeps answer text and reasoning apart', () => {
    const { timers } = manualTimers();
    const sent: [string, string][] = [];
    const c = new DeltaCoalescer((text, reasoning) => sent.push([text, reasoning]), 16, timers);
    c.push('', 'think');
    c.push('ans');
    c.push('wer', ' more');
    c.flush();
    expect(sent.map(([t]) => t).join('')).toBe('answer');
    expect(sent.map(([, r]) => r).join('')).toBe('think more');
  });

  it('flush sends nothing when nothing is pending', () => {
    const { timers } = manualTimers();
    const sent: string[] = [];
    const c = new DeltaCoalescer((text) => sent.push(text), 16, timers);
    c.flush();
    expect(sent).toEqual([]);
  });
});

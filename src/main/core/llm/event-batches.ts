import type { LlmEvent } from '../../../shared/llm-events.ts';

/**
 * The client streams events in batches, one batch per network read (never merged: the events are the
 * ones the provider sent, in order), so a consumer pays one asynchronous step per read, not per event.
 * `eachEvent` gives the same events one by one for callers that want them so.
 */

export type EventBatches = AsyncGenerator<LlmEvent[], void, undefined>;

/** The events of `batches` one at a time; stopping early stops the batches (their clean-up runs). */
export function eachEvent(batches: EventBatches): AsyncIterableIterator<LlmEvent> {
  let batch: LlmEvent[] = [];
  let at = 0;
  const done: IteratorReturnResult<undefined> = { value: undefined, done: true };
  const pull = async (): Promise<IteratorResult<LlmEvent, undefined>> => {
    for (;;) {
      const next = await batches.next();
      if (next.done) return done;
      if (next.value.length > 0) {
        batch = next.value;
        at = 1;
        return { value: batch[0]!, done: false };
      }
    }
  };
  return {
    next() {
      // Events already read are handed out without another trip through the generators.
      if (at < batch.length) return Promise.resolve({ value: batch[at++]!, done: false });
      return pull();
    },
    async return() {
      batch = [];
      at = 0;
      await batches.return();
      return done;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

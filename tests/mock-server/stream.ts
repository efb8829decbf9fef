/** Plays a provider's event plan onto the wire, injecting the faults a script asks for. */
import type { MockScript } from './types.ts';
import { formatComment, formatEvent } from './sse.ts';
import type { SseEvent } from './sse.ts';
import { sleep } from './wire.ts';
import type { Wire } from './wire.ts';

export interface PlannedEvent extends SseEvent {
  /** A text or reasoning delta: counts for the *AfterChunks faults and is paced by chunkDelayMs. */
  delta?: boolean;
}

export interface StreamPlan {
  events: PlannedEvent[];
  /** What the provider sends for errorAfterChunks, then the response ends. */
  error: SseEvent;
  /** A line that is not JSON, for malformedAfterChunks. */
  malformed: SseEvent;
}

export const DEFAULT_CHUNK_DELAY_MS = 15;

/**
 * Faults fire just before the first event written after N deltas, so N = 0 fires before any
 * event and N = total deltas fires before the finishing events.
 */
export async function playStream(
  wire: Wire,
  plan: StreamPlan,
  script: MockScript,
  signal: AbortSignal,
): Promise<void> {
  const delay = script.chunkDelayMs ?? DEFAULT_CHUNK_DELAY_MS;
  let deltas = 0;
  let firstEvent = true;
  let malformedSent = false;
  let stalled = false;
  const write = (event: SseEvent) => wire.write(formatEvent(event, script));
  for (const event of plan.events) {
    if (script.dropAfterChunks === deltas) return wire.destroy();
    if (script.errorAfterChunks === deltas) {
      await write(plan.error);
      return wire.end();
    }
    if (script.malformedAfterChunks === deltas && !malformedSent) {
      malformedSent = true;
      await write(plan.malformed);
    }
    if (script.stallAfterChunks === deltas && !stalled) {
      stalled = true;
      // Forever unless stallMs: the request's signal still ends it when the client or server goes.
      await (script.stallMs === undefined ? untilAborted(signal) : sleep(script.stallMs, signal));
    }
    if (event.delta && deltas > 0) await sleep(delay, signal);
    if (signal.aborted) return;
    if (script.keepAliveComments && !firstEvent) await wire.write(formatComment('keep-alive', script));
    await write(event);
    firstEvent = false;
    if (event.delta) deltas++;
  }
  await wire.end();
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Splits text into deltas of `size` code points (never half a surrogate pair). */
export function chunkText(text: string, size: number): string[] {
  const chars = Array.from(text);
  const step = Math.max(1, Math.floor(size));
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += step) pieces.push(chars.slice(i, i + step).join(''));
  return pieces;
}

import type { AppError } from '../../../shared/errors.ts';
import type { MessageState } from '../../../shared/history.ts';
import type { FinishReason, Usage } from '../../../shared/llm-events.ts';
import type { ModelRef } from '../../../shared/providers.ts';

/** How one answer stream ended, as the chat service saw it. */
export interface StreamEnd {
  /** The user pressed Stop (or the window or process that asked went away). */
  stopped: boolean;
  error: AppError | null;
  /** Text had arrived before the error. */
  interrupted: boolean;
  finishReason: FinishReason | null;
}

export interface AnswerOutcome {
  state: Exclude<MessageState, 'streaming'>;
  error: AppError | null;
}

/**
 * The one mapping from a stream's end to the saved answer, for every way in (app, browser, CLI):
 * complete; interrupted (stopped, cut off after text arrived, or at the length limit: Continue picks
 * it up); error (failed before any text, or stopped by a content filter).
 */
export function answerOutcome(end: StreamEnd): AnswerOutcome {
  if (end.stopped) return { state: 'interrupted', error: null };
  if (end.error) return { state: end.interrupted ? 'interrupted' : 'error', error: end.error };
  if (end.finishReason === 'length') {
    return {
      state: 'interrupted',
      error: {
        code: 'length_limit',
        message: 'The answer stopped at the length limit. Continue to get the rest.',
      },
    };
  }
  if (end.finishReason === 'content_filter') {
    return {
      state: 'error',
      error: { code: 'content_filtered', message: "The provider's content filter stopped the answer." },
    };
  }
  return { state: 'complete', error: null };
}

/** A store write that failed (a full disk, a removed folder), in plain words. */
export function storageFailure(error: unknown): AppError {
  return {
    code: 'storage',
    message:
      'Parley could not save this answer, so it stopped. The disk may be full; free some space and try again.',
    detail: error instanceof Error ? error.message : String(error),
  };
}

/** A price table that cannot price this answer leaves its cost unknown; it never ends the stream. */
export function safeCost(
  cost: ((model: ModelRef, usage: Usage) => number | null) | undefined,
  model: ModelRef,
  usage: Usage,
): number | null {
  try {
    return cost?.(model, usage) ?? null;
  } catch {
    return null;
  }
}

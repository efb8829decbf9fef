import type { ChatStreamEvent } from '../../../shared/chat.ts';
import type { LlmEvent } from '../../../shared/llm-events.ts';

/** What a window is told while an answer is on its way, other than its text: waits, retries, failovers. */
export function statusEventOf(streamId: string, event: LlmEvent): ChatStreamEvent | null {
  switch (event.type) {
    case 'queued':
      return { streamId, type: 'status', status: 'queued' };
    case 'retrying':
      return {
        streamId,
        type: 'status',
        status: 'retrying',
        attempt: event.attempt,
        maxAttempts: event.maxAttempts,
        delayMs: event.delayMs,
        error: event.error,
      };
    case 'failover':
      return { streamId, type: 'failover', from: event.from, to: event.to, error: event.error };
    default:
      return null;
  }
}

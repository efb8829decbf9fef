import type { StoredMessage } from '../../../shared/history.ts';

/** What a conversation's answers have used so far: tokens in and out, cost, how many answers. */
export interface Spend {
  tokensIn: number;
  tokensOut: number;
  /** Null when no answer had a known cost. */
  costUsd: number | null;
  answers: number;
}

/** Summed over every answer in the conversation, its other branches (regenerations, edits) included. */
export function spendOf(messages: Iterable<StoredMessage>): Spend {
  const spend: Spend = { tokensIn: 0, tokensOut: 0, costUsd: null, answers: 0 };
  for (const m of messages) {
    if (m.role !== 'assistant' || (!m.usage && m.costUsd === null)) continue;
    spend.answers++;
    spend.tokensIn += m.usage?.inputTokens ?? 0;
    spend.tokensOut += m.usage?.outputTokens ?? 0;
    if (m.costUsd !== null) spend.costUsd = (spend.costUsd ?? 0) + m.costUsd;
  }
  return spend;
}

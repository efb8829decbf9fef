import type { ErrorCode } from '../../../shared/errors.ts';

/** One record per request (all retries and failover hops included), handed to a sink the store persists. */
export interface RequestMetrics {
  requestId: string;
  conversationId: string | null;
  /** The provider and model that answered, or the last one tried. */
  providerId: string;
  model: string;
  startedAt: number;
  /** Time to the first answer or reasoning token; null when none arrived. */
  ttftMs: number | null;
  totalMs: number;
  inputTokens: number;
  outputTokens: number;
  usageEstimated: boolean;
  tokensPerSecond: number | null;
  retries: number;
  failoverHops: number;
  outcome: 'complete' | 'interrupted' | 'error' | 'cancelled';
  errorCode: ErrorCode | null;
  costUsd: number | null;
  /** The conversation's system prompt version this request sent (0: none); absent outside a conversation. */
  systemPromptVersion?: number | null;
  /** The assistant the conversation started from, if any. */
  assistantId?: string | null;
}

export type MetricsSink = (record: RequestMetrics) => void;

import { z } from 'zod';
import type { AppError } from './errors.ts';
import type { ModelRef } from './providers.ts';
import { modelRefSchema } from './providers.ts';
import type { Usage } from './llm-events.ts';

export const streamIdSchema = z.string().uuid();

export const chatSendInputSchema = z.object({
  content: z.string().trim().min(1, 'Type a message first.').max(200_000),
  /** Omit to start a new conversation. */
  conversationId: z.string().min(1).max(64).nullable().default(null),
  /** The message this one follows; omit to follow the conversation's current leaf. */
  parentId: z.string().min(1).max(64).nullable().default(null),
  /** Omit to use the default model. */
  model: modelRefSchema.nullable().default(null),
});
export type ChatSendInput = z.input<typeof chatSendInputSchema>;

export interface ChatSendResult {
  streamId: string;
  conversationId: string;
  userMessageId: string;
  assistantMessageId: string;
}

export type StreamStatus = 'queued' | 'retrying' | 'streaming';

/**
 * Events of one answer stream, sent on the `chat.event` channel and filtered by `streamId`.
 * Text arrives coalesced: at most one `delta` per stream per frame (~16 ms).
 */
export type ChatStreamEvent =
  | { streamId: string; type: 'delta'; text: string; reasoning: string }
  | {
      streamId: string;
      type: 'status';
      status: StreamStatus;
      attempt?: number;
      maxAttempts?: number;
      delayMs?: number;
      error?: AppError;
    }
  | { streamId: string; type: 'failover'; from: ModelRef; to: ModelRef; error: AppError }
  | {
      streamId: string;
      type: 'done';
      state: 'complete' | 'interrupted' | 'error';
      /** True when the user pressed Stop (the state is then `interrupted`). */
      stopped: boolean;
      error: AppError | null;
      answeredBy: ModelRef | null;
      usage: Usage | null;
      costUsd: number | null;
    };

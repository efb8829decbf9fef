import { z } from 'zod';
import type { AppError } from './errors.ts';
import type { ModelRef } from './providers.ts';
import { modelRefSchema } from './providers.ts';
import { assistantIdSchema, toolServersSchema } from './assistants.ts';
import type { RequestAdjustments } from './assistants.ts';
import type { Usage } from './llm-events.ts';
import type { ConversationSummary, StoredMessage } from './history.ts';
import { attachmentChoicesSchema } from './attachments.ts';
import type { MessageFilter } from './filters.ts';
import type { AnswerRoute } from './routing.ts';
import { filterOverrideSchema } from './filters.ts';
import type { ToolCall, ToolOutcome } from './tools.ts';

export const streamIdSchema = z.string().uuid();

/** What every way of asking a new question takes (a send, a comparison). */
const questionFields = {
  /** May be empty when files are attached. */
  content: z.string().trim().max(200_000).default(''),
  /** Files stored with `attachments.begin/chunk/finish`, in the order they are shown and sent. */
  attachments: attachmentChoicesSchema.default([]),
  /** Null to start a new conversation. */
  conversationId: z.string().min(1).max(64).nullable().default(null),
  /**
   * The message this one follows. Omit it to follow the conversation's current leaf; give the
   * edited message's parent (null for the first message) to edit: the edit becomes a new branch.
   */
  parentId: z.string().min(1).max(64).nullable().optional(),
  /** Omit to use the default model. */
  model: modelRefSchema.nullable().default(null),
  /** Where a new conversation comes from: the quick prompt marks its own. */
  source: z.enum(['parley', 'quick']).optional(),
  /** A new conversation starts from this assistant (its system prompt, parameters, model); ignored for an existing one. */
  assistantId: assistantIdSchema.nullable().optional(),
  /** The person's answer to a hold by the content filters (absent: ask). */
  filters: filterOverrideSchema.optional(),
};

/** A question needs text or a file. */
const notEmpty = (input: { content: string; attachments: unknown[] }) =>
  input.content.length > 0 || input.attachments.length > 0;
const typeFirst = { message: 'Type a message first.', path: ['content'] };

export const chatSendInputSchema = z
  .object({
    ...questionFields,
    /** The MCP servers whose tools the conversation uses from now on (stored before answering). */
    tools: toolServersSchema.optional(),
  })
  .strict()
  .refine(notEmpty, typeFirst);
export type ChatSendInput = z.input<typeof chatSendInputSchema>;

/** One question to 2–4 models at once: each answer is a sibling branch of the same user message. */
export const COMPARE_MAX_MODELS = 4;
const { model: _model, ...compareFields } = questionFields;
export const chatCompareInputSchema = z
  .object({
    ...compareFields,
    models: z
      .array(modelRefSchema)
      .min(2, 'Choose at least two models to compare.')
      .max(COMPARE_MAX_MODELS, `Compare at most ${COMPARE_MAX_MODELS} models at once.`),
  })
  .strict()
  .refine(notEmpty, typeFirst);
export type ChatCompareInput = z.input<typeof chatCompareInputSchema>;

/** What the next send would carry, counted before sending (`chat.preview`). */
export const chatPreviewInputSchema = z
  .object({
    /** Null: a new conversation (its settings from `assistantId`, else the defaults). */
    conversationId: z.string().min(1).max(64).nullable().default(null),
    parentId: z.string().min(1).max(64).nullable().optional(),
    /** The text about to be sent (may be empty while the person has typed nothing). */
    content: z.string().max(200_000).default(''),
    /** Files about to be sent (their tokens count too). */
    attachments: attachmentChoicesSchema.default([]),
    model: modelRefSchema.nullable().default(null),
    assistantId: assistantIdSchema.nullable().optional(),
  })
  .strict();

/** A new answer to the same user message, as a sibling branch; the old answer stays. */
export const chatRegenerateInputSchema = z
  .object({
    /** The user message to answer again. */
    userMessageId: z.string().min(1).max(64),
    model: modelRefSchema.nullable().default(null),
  })
  .strict();

/** Continues an interrupted answer in place: the new text is appended to it. */
export const chatContinueInputSchema = z.object({ assistantMessageId: z.string().min(1).max(64) }).strict();

/**
 * What a send, a regeneration or a Continue started: the stream to follow, the conversation as it
 * now is, and the rows as stored (user row first if one was added, then the assistant row, in
 * state `streaming`), so a window shows them without making any up.
 */
export interface ChatSendResult {
  streamId: string;
  conversationId: string;
  userMessageId: string;
  assistantMessageId: string;
  conversation: ConversationSummary;
  created: StoredMessage[];
}

/** A comparison started: one stream per model, its answers stored in the order of `models`. */
export interface ChatCompareResult {
  conversationId: string;
  userMessageId: string;
  conversation: ConversationSummary;
  /** The user row first if one was added, then each answer (state `streaming`, sharing a `compareId`). */
  created: StoredMessage[];
  streams: { streamId: string; assistantMessageId: string; model: ModelRef }[];
}

/** How long an answer took: to its first token (null when none came) and in all. */
export interface AnswerTiming {
  ttftMs: number | null;
  durationMs: number;
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
      /** Messages left out to fit the context window, parameters the model refused; null when none. */
      adjustments: RequestAdjustments | null;
      timing: AnswerTiming | null;
      /** What the content filters or the provider's own filter found in the answer; null when nothing. */
      filter: MessageFilter | null;
      /** How the answer found its model and key; null when it never reached one. */
      route: AnswerRoute | null;
    }
  /**
   * The model called a tool: `server` and `tool` say which (the model's name is `server__tool`).
   * `ask`: waiting for the person (`tools.approve`); `allowed`: running (the person chose Always).
   */
  | {
      streamId: string;
      type: 'tool_call';
      call: ToolCall;
      server: string;
      tool: string;
      approval: 'ask' | 'allowed';
    }
  /** A call's result (or the refusal sent back when it was denied), as the model receives it. */
  | { streamId: string; type: 'tool_result'; callId: string; outcome: ToolOutcome }
  /** While streaming: the answer was flagged (the window folds it at once) or the provider filtered it. */
  | { streamId: string; type: 'filter'; filter: MessageFilter };

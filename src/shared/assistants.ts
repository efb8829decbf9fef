import { z } from 'zod';
import { mcpServerNameSchema } from './mcp.ts';
import { modelRefSchema } from './providers.ts';
import { extraBodySchema } from './request-extras.ts';

/**
 * Assistants (named presets), a conversation's own instructions and model parameters, and the
 * context policy: the types every side shares. Issue 12.
 */

export const reasoningEfforts = ['low', 'medium', 'high'] as const;
export type ReasoningEffort = (typeof reasoningEfforts)[number];

export interface NumberBounds {
  min: number;
  max: number;
  integer: boolean;
}

/** The numeric parameters' bounds: the schema below and every form check them from here. */
export const numberParameterBounds = {
  temperature: { min: 0, max: 2, integer: false },
  topP: { min: 0, max: 1, integer: false },
  maxOutputTokens: { min: 1, max: 1_000_000, integer: true },
  presencePenalty: { min: -2, max: 2, integer: false },
  frequencyPenalty: { min: -2, max: 2, integer: false },
  seed: { min: -(2 ** 31), max: 2 ** 31 - 1, integer: true },
  thinkingBudget: { min: 1024, max: 128_000, integer: true },
} as const satisfies Record<string, NumberBounds>;

/** At most this many stop sequences, each at most `maxLength` characters. */
export const stopSequenceBounds = { max: 4, maxLength: 200 } as const;

function boundedNumber({ min, max, integer }: NumberBounds) {
  const number = integer ? z.number().int() : z.number();
  return number.min(min).max(max).optional();
}

const bounds = numberParameterBounds;

/** Each omitted parameter is left to the API's default. The adapters map these per API. */
export const modelParametersSchema = z
  .object({
    temperature: boundedNumber(bounds.temperature),
    topP: boundedNumber(bounds.topP),
    maxOutputTokens: boundedNumber(bounds.maxOutputTokens),
    presencePenalty: boundedNumber(bounds.presencePenalty),
    frequencyPenalty: boundedNumber(bounds.frequencyPenalty),
    seed: boundedNumber(bounds.seed),
    stop: z.array(z.string().min(1).max(stopSequenceBounds.maxLength)).max(stopSequenceBounds.max).optional(),
    /** OpenAI `reasoning_effort` for reasoning models. */
    reasoningEffort: z.enum(reasoningEfforts).optional(),
    /** Anthropic extended thinking: its token budget (below the output limit); absent means off. */
    thinkingBudget: boundedNumber(bounds.thinkingBudget),
  })
  .strict();
export type ModelParameters = z.infer<typeof modelParametersSchema>;
export type ParameterName = keyof ModelParameters;
export const parameterNames = [
  'temperature',
  'topP',
  'maxOutputTokens',
  'presencePenalty',
  'frequencyPenalty',
  'seed',
  'stop',
  'reasoningEffort',
  'thinkingBudget',
] as const satisfies readonly ParameterName[];

/** How many earlier messages are sent: null for all of them. The system prompt is always sent. */
export const historyLimitBounds = { min: 1, max: 10_000 } as const;
export const historyLimitSchema = z
  .number()
  .int()
  .min(historyLimitBounds.min)
  .max(historyLimitBounds.max)
  .nullable();

/** The MCP servers whose tools a conversation or an assistant switches on, by name. */
export const toolServersSchema = z.array(mcpServerNameSchema).max(50);

export const SYSTEM_PROMPT_MAX_LENGTH = 100_000;
export const systemPromptSchema = z.string().max(SYSTEM_PROMPT_MAX_LENGTH);

export const assistantIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Use lowercase letters, digits and dashes (up to 64).');

/** An assistant as a person edits it; `id` omitted makes a new one. */
export const assistantInputSchema = z
  .object({
    id: assistantIdSchema.optional(),
    name: z.string().trim().min(1, 'Give the assistant a name.').max(80),
    /** One emoji (or a short symbol) shown beside the name. */
    emoji: z.string().trim().min(1).max(16).default('🤖'),
    description: z.string().max(300).default(''),
    systemPrompt: systemPromptSchema.default(''),
    /** The model its chats start with; null: the default model. */
    model: modelRefSchema.nullable().default(null),
    parameters: modelParametersSchema.default({}),
    historyLimit: historyLimitSchema.default(null),
    /** Its questions and answers go through moderation (Settings → Content filters says how). */
    moderation: z.boolean().default(false),
    /** The MCP servers whose tools its chats start with (by name; see src/shared/mcp.ts). */
    tools: toolServersSchema.default([]),
  })
  .strict();
export type AssistantInput = z.input<typeof assistantInputSchema>;

export interface Assistant extends Omit<z.infer<typeof assistantInputSchema>, 'id'> {
  id: string;
  /** Shipped with Parley (in English and Chinese); can be edited or hidden, not deleted. */
  builtIn: boolean;
  hidden: boolean;
  /** A built-in's name and description in Chinese, until a person edits it. */
  nameZh?: string;
  descriptionZh?: string;
  createdAt: number;
  updatedAt: number;
}

/** An import of assistants (JSON from `assistants.export`, at most this many bytes). */
export const ASSISTANTS_IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export interface AssistantImportResult {
  added: number;
  /** Those whose id was already here: replaced by the imported one, never duplicated. */
  updated: number;
  /** Entries that were not valid assistants (the rest were still imported). */
  skipped: number;
}

/** What a conversation sends besides its messages: from its assistant, then edited in the conversation. */
export interface ConversationSettings {
  assistantId: string | null;
  systemPrompt: string;
  /** Goes up by one with each edit of the system prompt; request metrics record the version used. */
  systemPromptVersion: number;
  parameters: ModelParameters;
  historyLimit: number | null;
  /** The MCP servers whose tools this conversation's answers may call (none: no tools). */
  tools: string[];
}

export const conversationSettingsPatchSchema = z
  .object({
    conversationId: z.string().min(1).max(64),
    systemPrompt: systemPromptSchema.optional(),
    parameters: modelParametersSchema.optional(),
    historyLimit: historyLimitSchema.optional(),
    tools: toolServersSchema.optional(),
  })
  .strict();

/** A person's correction of the capability table for one model (`model` or `providerId/model`). */
export const modelOverrideSchema = z
  .object({
    contextWindow: z.number().int().min(256).max(100_000_000).optional(),
    /** Parameters this model takes (true) or refuses (false), over the table's guess. */
    parameters: z.partialRecord(z.enum(parameterNames), z.boolean()).optional(),
    /** Extra request-body JSON for this model (vendor switches); never `model`, `messages` or `stream`. */
    extraBody: extraBodySchema.optional(),
    /** Whether this model takes images, and PDFs natively, over the table's guess. */
    inputs: z.object({ images: z.boolean().optional(), pdf: z.boolean().optional() }).strict().optional(),
  })
  .strict();
export type ModelOverride = z.infer<typeof modelOverrideSchema>;

/** What the UI needs to show only the parameters a model takes. */
export interface ModelCapabilityView {
  family: string;
  reasoning: boolean;
  /** Tokens, when known (from the table or the person's correction). */
  contextWindow: number | null;
  parameters: Record<ParameterName, boolean>;
  /** Takes images; takes PDFs as files (else a PDF is sent as its extracted text). */
  inputs: { images: boolean; pdf: boolean };
}

/** What the next request would send, shown before sending. */
export interface ContextPreview {
  /** Estimated input tokens of what will be sent (system prompt, kept messages, the new text). */
  inputTokens: number;
  contextWindow: number | null;
  /** Earlier messages sent, and those left out by the history limit or to fit the window. */
  sentMessages: number;
  leftOut: number;
}

/** Said on an answer whose request was adjusted to fit: stored with the message. */
export interface RequestAdjustments {
  /** Earlier messages left out to fit the context window (not those the history limit skips). */
  leftOut: number;
  /** The window they were left out to fit, in tokens. */
  fitTokens: number | null;
  /** Parameters the model refuses, dropped rather than sent. */
  dropped: ParameterName[];
}

import { z } from 'zod';
import { providerIdSchema } from './providers.ts';

/**
 * The content-filter layer's shared words: its settings, what it finds, and the mark it leaves on
 * an answer. The layer itself runs in the core (src/main/core/filters), on every way in.
 */

export const filterRuleActions = ['block', 'warn'] as const;
export type FilterRuleAction = (typeof filterRuleActions)[number];
export const filterRuleScopes = ['both', 'question', 'answer'] as const;

/** A person's own rule: a word or a regular expression, matched ignoring case and full/half width. */
export const filterRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/),
    pattern: z.string().min(1).max(500),
    /** A regular expression (JavaScript syntax, `u` and `i` flags) instead of a plain word or phrase. */
    regex: z.boolean().default(false),
    action: z.enum(filterRuleActions).default('warn'),
    scope: z.enum(filterRuleScopes).default('both'),
  })
  .strict();
export type FilterRule = z.infer<typeof filterRuleSchema>;

export const moderationSettingsSchema = z
  .object({
    /** Providers whose requests are moderated (opt-in; assistants opt in with their own `moderation`). */
    providers: z.array(providerIdSchema).max(50).default([]),
    /** The provider whose `/moderations` endpoint is asked; null: the request's own provider. */
    via: providerIdSchema.nullable().default(null),
    model: z.string().min(1).max(100).default('omni-moderation-latest'),
    /** A flagged question can still be sent with "Send anyway". */
    allowSendAnyway: z.boolean().default(true),
  })
  .strict();

export const secretGuardSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Also e-mail addresses, phone numbers, Chinese resident ID numbers and card numbers. */
    personalData: z.boolean().default(false),
  })
  .strict();

export const contentFilterSettingsSchema = z
  .object({
    moderation: moderationSettingsSchema.default(moderationSettingsSchema.parse({})),
    rules: z.array(filterRuleSchema).max(200).default([]),
    secretGuard: secretGuardSettingsSchema.default(secretGuardSettingsSchema.parse({})),
  })
  .strict();
export type ContentFilterSettings = z.infer<typeof contentFilterSettingsSchema>;

/** What the secret guard looks for. Findings name the kind, never the text found. */
export const secretKindsFound = [
  'openai-key',
  'anthropic-key',
  'google-key',
  'aws-key',
  'github-token',
  'slack-token',
  'private-key',
  'jwt',
  'connection-string',
  /** One of the keys Parley keeps for the person's providers. */
  'stored-key',
  'email',
  'phone',
  'cn-id',
  'card-number',
] as const;
export type SecretKindFound = (typeof secretKindsFound)[number];

/** One thing the layer found in a question (before sending) or an answer. Never the matched text. */
export type FilterFinding =
  /** Category names as the moderation API gives them (`harassment`, `self-harm/intent`…). */
  | {
      source: 'moderation';
      categories: string[];
      /** The check could not be made (network, refused): why, in plain words; categories are then empty. */
      failed?: string;
    }
  | { source: 'rule'; ruleId: string; action: FilterRuleAction }
  /** Where: the message text, or an attachment by name. */
  | { source: 'secret'; kind: SecretKindFound; count: number; where: string }
  /** The provider's own filter (Azure's content filter, OpenAI's refusal, Anthropic's refusal stop). */
  | {
      source: 'provider';
      kind: 'filtered' | 'refusal';
      categories: { category: string; severity?: string }[];
      /** Azure filters the prompt or the completion. */
      stage?: 'prompt' | 'completion';
    };

/**
 * A question held before sending (the `hold` of a `content_filtered` error): nothing was stored or
 * sent. The window keeps the draft and offers what the findings allow: Redact (secrets), Send
 * anyway (warnings, and moderation where the settings allow it).
 */
export const filterHoldSchema = z.object({
  findings: z.array(z.custom<FilterFinding>((value) => typeof value === 'object' && value !== null)).max(100),
  /** A block rule matched, or moderation flagged it and "Send anyway" is off. */
  blocked: z.boolean(),
  canSendAnyway: z.boolean(),
  canRedact: z.boolean(),
});
export type FilterHold = z.infer<typeof filterHoldSchema>;

/** How a send treats what the layer finds: ask (default), or the person's answer to a hold. */
export const filterOverrideSchema = z
  .object({
    /** Send despite warnings and a moderation flag (where the settings allow it). */
    sendAnyway: z.boolean().default(false),
    /** Secrets: replace each with a placeholder (`[REDACTED openai-key]`), or send them as they are. */
    secrets: z.enum(['ask', 'redact', 'allow']).default('ask'),
  })
  .strict();
export type FilterOverride = z.input<typeof filterOverrideSchema>;

/** The mark a filtered answer is stored with; the window folds a `flagged` one behind "Show". */
export interface MessageFilter {
  /** Folded: moderation or a block rule flagged it. Not folded: a provider stop, told in plain words. */
  flagged: boolean;
  findings: FilterFinding[];
}

/** `filters.test`: which of the given rules (or the saved ones) match a text, for Settings' Test box. */
export const filterTestInputSchema = z
  .object({
    text: z.string().max(100_000),
    rules: z.array(filterRuleSchema).max(200).optional(),
  })
  .strict();
export interface FilterTestResult {
  matches: { ruleId: string; action: FilterRuleAction }[];
  /** Rules whose pattern is not a valid regular expression, in plain words. */
  invalid: { ruleId: string; message: string }[];
}

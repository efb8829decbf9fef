import { z } from 'zod';
import { DEFAULT_HOTKEY } from './accelerator.ts';
import type { KeyStatus } from './keys.ts';
import type { ProviderConfig, SecretKind } from './providers.ts';
import { defaultProviderKind, providerCatalogue } from './provider-catalogue.ts';
import { modelRefSchema } from './providers.ts';
import { historyLimitSchema, modelOverrideSchema, modelParametersSchema } from './assistants.ts';
import { contentFilterSettingsSchema } from './filters.ts';
import { metricsExportSchema } from './usage.ts';
import { routingModeSchema } from './routing.ts';
import { alertSettingsSchema } from './alerts.ts';
import { mcpServersSchema } from './mcp.ts';

/**
 * The settings a person edits, as every side sees them. Secrets are never part of settings.
 * The stored file's full schema (src/main/core/store/settings-schema.ts) is built from these fields.
 */
export const themes = ['system', 'light', 'dark'] as const;
export const languages = ['system', 'en', 'zh-CN'] as const;
export type Theme = (typeof themes)[number];
export type LanguageSetting = (typeof languages)[number];

/** Dollars per million tokens, overriding the built-in price table for `providerId/model` or `model`. */
export const priceOverrideSchema = z.object({
  inputPerMTok: z.number().min(0),
  outputPerMTok: z.number().min(0),
});

/** Up to 200 characters: `model` or `providerId/model`. */
export const priceKeySchema = z.string().min(1).max(200);

export const quickPromptSchema = z.object({
  saveExchanges: z.boolean().default(true),
  prefillFromClipboard: z.boolean().default(false),
});

/**
 * Every setting `settings.update` edits: its rule and its default, here and nowhere else. The stored
 * file's schema is these plus what the store adds; the view `settings.get` returns spreads them.
 */
export const editableSettingsFields = {
  defaultModel: modelRefSchema
    .nullable()
    .default({ providerId: defaultProviderKind, model: providerCatalogue[defaultProviderKind].models[0]! }),
  /** Models to try, in order, when the chosen one fails (never on a bad request or a bad key). */
  failoverChain: z.array(modelRefSchema).max(8, 'A failover chain holds at most 8 models.').default([]),
  /** The order the chain is tried in: as written, the fastest healthy model first, or the cheapest fit first. */
  routingMode: routingModeSchema.default('ordered'),
  hotkey: z.string().min(1).max(100).default(DEFAULT_HOTKEY),
  quickPrompt: quickPromptSchema.default({ saveExchanges: true, prefillFromClipboard: false }),
  theme: z.enum(themes).default('system'),
  language: z.enum(languages).default('system'),
  closeToTray: z.boolean().default(true),
  launchAtLogin: z.boolean().default(false),
  /** The desktop app checks GitHub Releases at start and daily, and downloads updates in the background. */
  autoUpdate: z.boolean().default(true),
  priceOverrides: z.record(priceKeySchema, priceOverrideSchema).default({}),
  /** Corrections of the capability table (context window, parameters, extra body) for `model` or `providerId/model`. */
  modelOverrides: z.record(priceKeySchema, modelOverrideSchema).default({}),
  /** After a conversation's first answer, a short title is generated in the background. */
  autoTitle: z.boolean().default(true),
  /** The model that writes titles (a cheaper one); null: the conversation's own model. */
  titleModel: modelRefSchema.nullable().default(null),
  /** Parameters of a new conversation whose assistant sets none (each omitted one: the API's default). */
  defaultParameters: modelParametersSchema.default({}),
  /** How many earlier messages a new conversation sends: null for all. */
  defaultHistoryLimit: historyLimitSchema.default(null),
  /** Moderation, the person's own rules and the secret guard (src/shared/filters.ts). */
  contentFilter: contentFilterSettingsSchema.default(contentFilterSettingsSchema.parse({})),
  /** The opt-in OpenMetrics endpoint and StatsD push (src/shared/usage.ts). */
  metricsExport: metricsExportSchema.default(metricsExportSchema.parse({})),
  /** Thresholds on latency, errors and spending, raised as notices (src/shared/alerts.ts). */
  alerts: alertSettingsSchema.default(alertSettingsSchema.parse({})),
  /** MCP servers whose tools conversations may switch on (src/shared/mcp.ts); their secrets are in the keychain. */
  mcpServers: mcpServersSchema.default([]),
  /** Tools (by the name the model sees, `server__tool`) a person chose "Always" for: run without asking. */
  toolsAlwaysAllowed: z.array(z.string().min(1).max(200)).max(1000).default([]),
};

type EditableFields = typeof editableSettingsFields;

/** Every editable setting at its default, as the schema entries give them. */
export function defaultEditableSettings(): EditableSettings {
  return z.object(editableSettingsFields).parse({});
}

/** The same fields without their defaults, each optional: a patch names only what it changes. */
function patchFields(): {
  [K in keyof EditableFields]: z.ZodOptional<ReturnType<EditableFields[K]['unwrap']>>;
} {
  const entries = Object.entries(editableSettingsFields).map(([name, field]) => [
    name,
    (field as z.ZodDefault<z.ZodType>).unwrap().optional(),
  ]);
  return Object.fromEntries(entries) as never;
}

/** What `settings.update` takes: any of the editable fields, each replaced whole. */
export const settingsPatchSchema = z.object(patchFields()).strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
export type EditableSettings = z.infer<z.ZodObject<EditableFields>>;

export interface ProviderView extends ProviderConfig {
  /** The API key (or Entra token). A key saved for another address counts as none. */
  key: KeyStatus;
  /** Whether the other secrets are saved; they are never shown, not even in part. */
  saved: Record<Exclude<SecretKind, 'api-key'>, boolean>;
  /** Only in the answer to `providers.save`: secrets removed because the provider now sends to another origin. */
  dropped?: SecretKind[];
}

/**
 * A notice the core makes for a person (a settings file set aside, a repaired history, where keys are
 * kept): the core writes it in both UI languages and the renderer shows the one in use, so a switch
 * of language applies to notices already shown.
 */
export interface NoticeText {
  message: string;
  messageZh: string;
}

/** The text of a notice in the UI's language (`i18n.language`: 'en', 'zh-CN'…). */
export function noticeIn(notice: NoticeText, language: string): string {
  return /^zh/i.test(language) ? notice.messageZh : notice.message;
}

export interface SettingsView extends EditableSettings {
  providers: ProviderView[];
  /** Plain-words notices for the user, e.g. a corrupt settings file that was set aside. */
  notices: NoticeText[];
  /** A key in the environment (e.g. OPENAI_API_KEY) that Parley can save for a provider without one. */
  envKey: { providerId: string; variable: string } | null;
  /** Whether the global hotkey is registered; the reason in plain words when it is not (desktop only). */
  hotkeyStatus: { registered: boolean; message: string | null } | null;
}

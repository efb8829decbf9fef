import { z } from 'zod';
import { DEFAULT_HOTKEY } from '../../../shared/accelerator.ts';
import { modelRefSchema, providerConfigSchema } from '../../../shared/providers.ts';
import { languages, themes } from '../../../shared/settings.ts';

/** The settings file's shape. zod is the source of truth; `settingsJsonSchema()` derives the JSON schema. */
export const SETTINGS_VERSION = 1;

export const defaultProviders = [
  {
    id: 'openai',
    name: 'OpenAI',
    kind: 'openai' as const,
    baseUrl: 'https://api.openai.com/v1',
    models: ['gpt-4o-mini', 'gpt-4o'],
    auth: { type: 'api-key' as const },
    proxy: { mode: 'none' as const },
  },
];

export const windowBoundsSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200),
  height: z.number().int().min(150),
  maximized: z.boolean().default(false),
});

/** Dollars per million tokens, overriding the built-in price table for `providerId/model` or `model`. */
export const priceOverrideSchema = z.object({
  inputPerMTok: z.number().min(0),
  outputPerMTok: z.number().min(0),
});

export const settingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  providers: z
    .array(providerConfigSchema)
    .default(defaultProviders)
    .refine((list) => new Set(list.map((p) => p.id)).size === list.length, 'Two providers have the same id.'),
  defaultModel: modelRefSchema.nullable().default({ providerId: 'openai', model: 'gpt-4o-mini' }),
  /** Tried in order after the default model fails (retries exhausted, or a failure retrying cannot fix). */
  failoverChain: z.array(modelRefSchema).max(8, 'A failover chain holds at most 8 models.').default([]),
  hotkey: z.string().min(1).max(100).default(DEFAULT_HOTKEY),
  quickPrompt: z
    .object({
      saveExchanges: z.boolean().default(true),
      prefillFromClipboard: z.boolean().default(false),
    })
    .default({ saveExchanges: true, prefillFromClipboard: false }),
  theme: z.enum(themes).default('system'),
  language: z.enum(languages).default('system'),
  windowBounds: windowBoundsSchema.nullable().default(null),
  closeToTray: z.boolean().default(true),
  launchAtLogin: z.boolean().default(false),
  priceOverrides: z.record(z.string().min(1), priceOverrideSchema).default({}),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsKey = Exclude<keyof Settings, 'schemaVersion'>;
/** What `update()` takes: any top-level fields, each replaced whole. */
export type SettingsPatch = Partial<Omit<Settings, 'schemaVersion'>>;

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

/** The JSON schema electron-store/conf could enforce, derived from the zod schema (not hand-kept). */
export function settingsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(settingsSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

import { z } from 'zod';
import type { KeyStatus } from './contract.ts';
import type { ProviderConfig } from './providers.ts';
import { modelRefSchema } from './providers.ts';

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

export const quickPromptSchema = z.object({
  saveExchanges: z.boolean().default(true),
  prefillFromClipboard: z.boolean().default(false),
});

export const editableSettingsFields = {
  defaultModel: modelRefSchema.nullable(),
  /** Models to try, in order, when the chosen one fails (never on a bad request or a bad key). */
  failoverChain: z.array(modelRefSchema).max(8, 'A failover chain holds at most 8 models.'),
  hotkey: z.string().min(1).max(100),
  quickPrompt: quickPromptSchema,
  theme: z.enum(themes),
  language: z.enum(languages),
  closeToTray: z.boolean(),
  launchAtLogin: z.boolean(),
  priceOverrides: z.record(z.string().min(1).max(200), priceOverrideSchema),
};

/** What `settings.update` takes: any of the editable fields, each replaced whole. */
export const settingsPatchSchema = z.object(editableSettingsFields).partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export interface ProviderView extends ProviderConfig {
  key: KeyStatus;
}

export type EditableSettings = Required<SettingsPatch>;

export interface SettingsView extends EditableSettings {
  providers: ProviderView[];
  /** Plain-words notices for the user, e.g. a corrupt settings file that was set aside. */
  notices: string[];
  /** A key in the environment (e.g. OPENAI_API_KEY) that Parley can save for a provider without one. */
  envKey: { providerId: string; variable: string } | null;
  /** Whether the global hotkey is registered; the reason in plain words when it is not (desktop only). */
  hotkeyStatus: { registered: boolean; message: string | null } | null;
}

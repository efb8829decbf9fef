import { z } from 'zod';
import type { KeyStatus } from './contract.ts';
import type { ProviderConfig } from './providers.ts';
import { modelRefSchema } from './providers.ts';

/** Settings as the renderer sees and edits them. Secrets are never part of settings. */
export const themes = ['system', 'light', 'dark'] as const;
export const languages = ['system', 'en', 'zh-CN'] as const;

export const settingsPatchSchema = z
  .object({
    defaultModel: modelRefSchema.nullable(),
    failoverChain: z.array(modelRefSchema).max(8),
    theme: z.enum(themes),
    language: z.enum(languages),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export interface ProviderView extends ProviderConfig {
  key: KeyStatus;
}

export interface SettingsView extends Required<SettingsPatch> {
  providers: ProviderView[];
  /** Plain-words notices for the user, e.g. a corrupt settings file that was set aside. */
  notices: string[];
}

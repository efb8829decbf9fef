import { z } from 'zod';
import { catalogueProvider, defaultProviderKind } from '../../../shared/provider-catalogue.ts';
import { providerConfigSchema } from '../../../shared/providers.ts';
import { hasPassword } from '../secrets/proxy-credentials.ts';
import { editableSettingsFields } from '../../../shared/settings.ts';

/**
 * The settings file's shape: the editable fields (src/shared/settings.ts), the providers (edited by
 * their own requests), and what only the store keeps (schema version, window bounds). zod is the source
 * of truth; `settingsJsonSchema()` derives the JSON schema.
 */
export const SETTINGS_VERSION = 1;

export const defaultProviders = [catalogueProvider(defaultProviderKind)];

export const windowBoundsSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200),
  height: z.number().int().min(150),
  maximized: z.boolean().default(false),
});

export const settingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  providers: z
    .array(providerConfigSchema)
    .default(defaultProviders)
    .refine((list) => new Set(list.map((p) => p.id)).size === list.length, 'Two providers have the same id.')
    .refine(
      (list) => list.every((p) => p.proxy.mode !== 'custom' || !hasPassword(p.proxy.url)),
      'A proxy password belongs in the keychain, not in the proxy URL.',
    ),
  ...editableSettingsFields,
  windowBounds: windowBoundsSchema.nullable().default(null),
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

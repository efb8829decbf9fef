import { SETTINGS_VERSION } from './settings-schema.ts';

type Raw = Record<string, unknown>;

export interface SettingsMigration {
  /** The version this migration produces. */
  to: number;
  describe: string;
  run(raw: Raw, found: MigrationFindings): Raw;
}

export interface MigrationFindings {
  /** Secrets found in an old settings file: removed from it and handed to the caller for the SecretStore. */
  secrets: { account: string; secret: string }[];
}

/**
 * Ordered migrations. A file without `schemaVersion` is version 0 (the pre-release format, which had
 * `darkMode`, `shortcut`, and sometimes a plain-text `openaiApiKey`).
 */
export const settingsMigrations: SettingsMigration[] = [
  {
    to: 1,
    describe: 'pre-release settings: darkMode → theme, shortcut → hotkey, keys out of the file',
    run(raw, found) {
      const next: Raw = { ...raw };
      if ('darkMode' in next) {
        if (next.theme === undefined)
          next.theme = next.darkMode === true ? 'dark' : next.darkMode === false ? 'light' : 'system';
        delete next.darkMode;
      }
      if ('shortcut' in next) {
        if (next.hotkey === undefined) next.hotkey = next.shortcut;
        delete next.shortcut;
      }
      for (const field of ['openaiApiKey', 'apiKey']) {
        const value = next[field];
        if (typeof value === 'string' && value.trim())
          found.secrets.push({ account: 'openai', secret: value.trim() });
        delete next[field];
      }
      return next;
    },
  },
];

export function settingsVersionOf(raw: Raw): number {
  const v = raw.schemaVersion;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
}

/** Runs every migration above the file's version, in order. */
export function migrateSettings(raw: Raw): { data: Raw; from: number; findings: MigrationFindings } {
  const findings: MigrationFindings = { secrets: [] };
  const from = settingsVersionOf(raw);
  let data = raw;
  for (const migration of settingsMigrations) {
    if (migration.to > from && migration.to <= SETTINGS_VERSION) {
      data = { ...migration.run(data, findings), schemaVersion: migration.to };
    }
  }
  return { data, from, findings };
}

import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type ConfClass from 'conf';
import type { ZodError } from 'zod';
import { ParleyError } from '../../../shared/errors.ts';
import { dataFiles } from '../paths.ts';
import { scrubProxyPasswords } from '../secrets/proxy-credentials.ts';
import { fileTimestamp, moveAside, writeFileAtomic } from './files.ts';
import { migrateSettings, settingsVersionOf } from './settings-migrations.ts';
import type { MigrationFindings } from './settings-migrations.ts';
import { SETTINGS_VERSION, defaultSettings, settingsSchema } from './settings-schema.ts';
import type { Settings, SettingsKey, SettingsPatch } from './settings-schema.ts';

/** What conf and electron-store both are: a JSON file behind a `store` property. */
export interface SettingsBacking {
  store: Record<string, unknown>;
  readonly path: string;
}

/** The plain-Node hosts use conf; the Electron shell passes `(o) => new ElectronStore(o)`. */
export type SettingsFactory = (options: { cwd: string; configName: string }) => SettingsBacking;

export const confFactory: SettingsFactory = (options) => {
  // Loaded on first use: `parley ask` reads the settings without conf (it never writes them).
  const { default: Conf } = createRequire(import.meta.url)('conf') as { default: typeof ConfClass };
  return new Conf<Record<string, unknown>>({
    ...options,
    fileExtension: 'json',
  }) as unknown as SettingsBacking;
};

export interface SettingsNotice {
  kind:
    | 'settings-corrupt'
    | 'settings-invalid-fields'
    | 'settings-newer-version'
    | 'settings-migrated'
    | 'settings-unsaved';
  /** Plain words for the UI, in English and in Chinese (the UI shows the one in use). */
  message: string;
  messageZh: string;
  /** Where the old file was kept, if it was. */
  keptAt?: string;
}

export type SettingsListener = (next: Settings, previous: Settings, changed: SettingsKey[]) => void;

export interface SettingsStore {
  readonly path: string;
  get(): Settings;
  get<K extends SettingsKey>(key: K): Settings[K];
  /** Replaces the given top-level fields after validating the result; on bad input throws and saves nothing. */
  update(patch: SettingsPatch): Settings;
  /** Back to defaults: the given fields, or all. */
  reset(keys?: SettingsKey[]): Settings;
  subscribe(listener: SettingsListener): () => void;
}

export interface OpenedSettings {
  settings: SettingsStore;
  notices: SettingsNotice[];
  /** Keys found in an old settings file (and removed from it): the host saves them in the SecretStore. */
  movedSecrets: MigrationFindings['secrets'];
}

export interface OpenSettingsOptions {
  dataDir: string;
  factory?: SettingsFactory;
  now?: () => Date;
}

/** Opens the settings; never throws on a bad file: it is kept aside, defaults fill in, and a notice says so. */
export function openSettings(options: OpenSettingsOptions): OpenedSettings {
  const { dataDir, factory = confFactory, now = () => new Date() } = options;
  const file = dataFiles(dataDir).settings;
  const notices: SettingsNotice[] = [];

  let raw = readRaw(file, now, notices);
  const found = raw ? settingsVersionOf(raw) : SETTINGS_VERSION;
  if (raw && found > SETTINGS_VERSION) {
    const keptAt = copyAside(file, `newer-v${found}`, now);
    notices.push({
      kind: 'settings-newer-version',
      message:
        'Your settings were saved by a newer version of Parley. This version used what it understands; a copy of the file was kept.',
      messageZh: '你的设置由更新版本的 Parley 保存。此版本使用了它能理解的部分；文件已另存一份副本。',
      keptAt,
    });
    raw = { ...raw, schemaVersion: SETTINGS_VERSION };
  }
  let movedSecrets: MigrationFindings['secrets'] = [];
  if (raw && found < SETTINGS_VERSION) {
    const migrated = migrateSettings(raw);
    raw = migrated.data;
    movedSecrets = migrated.findings.secrets;
    notices.push({
      kind: 'settings-migrated',
      message: `Settings were updated from version ${found} to ${SETTINGS_VERSION}.`,
      messageZh: `设置已从版本 ${found} 更新到 ${SETTINGS_VERSION}。`,
    });
  }

  if (raw) {
    // A password written into a proxy URL goes to the SecretStore, never back into this file.
    const scrubbed = scrubProxyPasswords(raw);
    raw = scrubbed.raw;
    movedSecrets = [...movedSecrets, ...scrubbed.secrets];
  }

  const { settings: initial, invalid } = salvage(raw ?? {});
  if (invalid.length > 0) {
    // What was read (after migration, so without any key it held), kept for the user to recover from.
    const keptAt = writeAside(file, 'invalid', now, raw ?? {});
    notices.push({
      kind: 'settings-invalid-fields',
      message: `Some settings were not valid and were reset to their defaults: ${invalid.join(', ')}. The old file was kept.`,
      messageZh: `部分设置无效，已恢复为默认值：${invalid.join('、')}。旧文件已保留。`,
      keptAt,
    });
  }

  let backing: SettingsBacking;
  try {
    backing = factory({ cwd: dataDir, configName: 'config' });
  } catch {
    // The factory read the file and choked: keep it aside and try once more on a fresh file.
    const keptAt = moveAside(file, 'corrupt', now()) ?? undefined;
    notices.push({
      kind: 'settings-corrupt',
      message: 'The settings file could not be opened, so defaults were restored.',
      messageZh: '无法打开设置文件，已恢复默认设置。',
      keptAt,
    });
    try {
      backing = factory({ cwd: dataDir, configName: 'config' });
    } catch (error) {
      notices.push({
        kind: 'settings-unsaved',
        message: `Settings cannot be saved on this computer (${errorMessage(error)}); changes last until Parley quits.`,
        messageZh: `这台电脑上无法保存设置（${errorMessage(error)}）；更改只保留到 Parley 退出。`,
      });
      backing = { store: {}, path: file };
    }
  }
  const store = new BackedSettings(backing, initial, notices);
  store.persist(initial);
  return { settings: store, notices, movedSecrets };
}

class BackedSettings implements SettingsStore {
  readonly #backing: SettingsBacking;
  readonly #listeners = new Set<SettingsListener>();
  readonly #notices: SettingsNotice[];
  #current: Settings;

  constructor(backing: SettingsBacking, initial: Settings, notices: SettingsNotice[]) {
    this.#backing = backing;
    this.#current = initial;
    this.#notices = notices;
  }

  get path(): string {
    return this.#backing.path;
  }

  get(): Settings;
  get<K extends SettingsKey>(key: K): Settings[K];
  get(key?: SettingsKey): unknown {
    const copy = structuredClone(this.#current);
    return key === undefined ? copy : copy[key];
  }

  update(patch: SettingsPatch): Settings {
    const candidate = { ...this.#current, ...patch, schemaVersion: SETTINGS_VERSION };
    const parsed = settingsSchema.safeParse(candidate);
    if (!parsed.success) {
      throw new ParleyError({
        code: 'invalid_input',
        message: describeIssues(parsed.error),
        detail: 'Nothing was saved.',
      });
    }
    return this.#commit(parsed.data);
  }

  reset(keys?: SettingsKey[]): Settings {
    const defaults = defaultSettings();
    if (!keys) return this.#commit(defaults);
    const next = { ...this.#current };
    for (const key of keys) (next as Record<string, unknown>)[key] = defaults[key];
    return this.#commit(next);
  }

  subscribe(listener: SettingsListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  persist(settings: Settings): void {
    try {
      this.#backing.store = structuredClone(settings) as Record<string, unknown>;
    } catch (error) {
      if (!this.#notices.some((n) => n.kind === 'settings-unsaved')) {
        this.#notices.push({
          kind: 'settings-unsaved',
          message: `Settings could not be saved (${errorMessage(error)}).`,
          messageZh: `无法保存设置（${errorMessage(error)}）。`,
        });
      }
      throw new ParleyError(
        { code: 'storage', message: 'Settings could not be saved to disk.' },
        { cause: error },
      );
    }
  }

  #commit(next: Settings): Settings {
    const previous = this.#current;
    const changed = (Object.keys(next) as (keyof Settings)[]).filter(
      (key): key is SettingsKey =>
        key !== 'schemaVersion' && JSON.stringify(next[key]) !== JSON.stringify(previous[key]),
    );
    if (changed.length === 0) return this.get();
    this.persist(next);
    this.#current = next;
    for (const listener of this.#listeners)
      listener(structuredClone(next), structuredClone(previous), changed);
    return this.get();
  }
}

function readRaw(file: string, now: () => Date, notices: SettingsNotice[]): Record<string, unknown> | null {
  if (!existsSync(file)) return null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // unreadable: handled below
  }
  const keptAt = moveAside(file, 'corrupt', now()) ?? undefined;
  notices.push({
    kind: 'settings-corrupt',
    message:
      'Your settings file could not be read, so the default settings were restored. The old file was kept beside it.',
    messageZh: '无法读取你的设置文件，已恢复默认设置。旧文件已保留在旁边。',
    keptAt,
  });
  return null;
}

/** Keeps every valid top-level field; an invalid one falls back to its default. */
function salvage(raw: Record<string, unknown>): { settings: Settings; invalid: SettingsKey[] } {
  const whole = settingsSchema.safeParse(raw);
  if (whole.success) return { settings: whole.data, invalid: [] };
  const defaults = defaultSettings();
  const shape = settingsSchema.shape;
  const out: Record<string, unknown> = {};
  const invalid: SettingsKey[] = [];
  for (const key of Object.keys(shape) as (keyof Settings)[]) {
    const field = shape[key].safeParse(raw[key]);
    if (field.success) out[key] = field.data;
    else {
      out[key] = defaults[key];
      if (key !== 'schemaVersion') invalid.push(key);
    }
  }
  const again = settingsSchema.safeParse(out);
  return again.success
    ? { settings: again.data, invalid }
    : {
        settings: defaults,
        invalid: Object.keys(shape).filter((k) => k !== 'schemaVersion') as SettingsKey[],
      };
}

function copyAside(file: string, label: string, now: () => Date): string | undefined {
  if (!existsSync(file)) return undefined;
  const target = file.replace(/\.json$/, `.${label}-${fileTimestamp(now())}.json`);
  copyFileSync(file, target);
  return target;
}

function writeAside(file: string, label: string, now: () => Date, content: Record<string, unknown>): string {
  const target = file.replace(/\.json$/, `.${label}-${fileTimestamp(now())}.json`);
  writeFileAtomic(target, JSON.stringify(content, null, 2) + '\n');
  return target;
}

function describeIssues(error: ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : 'settings';
    return `${where}: ${issue.message}`;
  });
  return `Those settings were not saved: ${parts.join('; ')}.`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

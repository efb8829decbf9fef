import { join } from 'node:path';
import type { Settings } from '../main/core/store/settings-schema.ts';
import { openSettings } from '../main/core/store/settings.ts';
import type { SettingsFactory } from '../main/core/store/settings.ts';
import type { CommandIo } from './io.ts';

/** The settings as the app left them, read without writing: the app stays their one writer. */
const readOnly: SettingsFactory = ({ cwd, configName }) => ({
  path: join(cwd, `${configName}.json`),
  store: {},
});

/** Reads the data folder's settings (notices about the file go to standard error). */
export function readSettings(dataDir: string, io: CommandIo): Settings {
  const { settings, notices } = openSettings({ dataDir, factory: readOnly });
  for (const notice of notices) io.stderr(`${notice.message}\n`);
  return settings.get();
}

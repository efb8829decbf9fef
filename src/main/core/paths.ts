import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';

/** The folder name under the platform's user-data folder (Electron's `app.getPath('userData')` agrees). */
export const APP_FOLDER_NAME = 'Parley';

export interface DataDirInputs {
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  home?: string;
}

/**
 * Where Parley keeps its settings, history and (encrypted) key file: `PARLEY_DATA_DIR` when set,
 * else `%APPDATA%\Parley`, `~/Library/Application Support/Parley`, or `$XDG_CONFIG_HOME/Parley`
 * (`~/.config/Parley`).
 */
export function defaultDataDir(inputs: DataDirInputs = {}): string {
  const env = inputs.env ?? process.env;
  const platform = inputs.platform ?? process.platform;
  const home = inputs.home ?? homedir();
  const override = env.PARLEY_DATA_DIR?.trim();
  if (override) return override;
  if (platform === 'win32') {
    return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  return posix.join(env.XDG_CONFIG_HOME || posix.join(home, '.config'), APP_FOLDER_NAME);
}

/** The files inside the data folder. One place, so no module guesses another's file name. */
export function dataFiles(dataDir: string) {
  return {
    /** conf and electron-store both name it `config.json`. */
    settings: join(dataDir, 'config.json'),
    history: join(dataDir, 'history.sqlite'),
    backups: join(dataDir, 'backups'),
    /** Attached files by content hash (store/attachment-store.ts owns it). */
    attachments: join(dataDir, 'attachments'),
    /** safeStorage-encrypted key blobs, used only when the OS keychain cannot be. */
    encryptedKeys: join(dataDir, 'keys.enc.json'),
    /** Keys sealed under the user's passphrase, used when neither the keychain nor safeStorage can be. */
    keyVault: join(dataDir, 'key-vault.json'),
    /** Exports waiting to be read and imports being uploaded (store/temp-files.ts owns it). */
    temp: join(dataDir, 'temp'),
    /** The browser edition's access token, kept only with `--keep-token`. */
    webToken: join(dataDir, 'web-token'),
    /** The content filters' decisions, never the text (filters/audit-log.ts). */
    filterAudit: join(dataDir, 'filter-audit.jsonl'),
  };
}

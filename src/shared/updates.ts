/**
 * Where the desktop app's self-update stands (`app.updateStatus`, event `app.updateChanged`).
 * `unsupported`: the browser edition and the CLI, which never update themselves; `off`: the
 * person turned updates off in Settings.
 */
export type UpdateStatus =
  | { state: 'unsupported' }
  | { state: 'off' }
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'up-to-date'; checkedAt: number }
  | { state: 'downloading'; version: string; percent: number }
  | { state: 'ready'; version: string }
  | { state: 'error'; message: string };

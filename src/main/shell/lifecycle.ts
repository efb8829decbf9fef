import type { PreventableEvent, Rect } from './quick-window.ts';

/** `Parley --quick`: open the quick prompt (bind it to a key where global shortcuts cannot reach). */
export const QUICK_FLAG = '--quick';
/** Started at login: stay in the tray instead of opening the main window. */
export const HIDDEN_FLAG = '--hidden';

/** Chromium may reorder a second instance's argv and add switches; only presence counts. */
export function hasFlag(argv: readonly string[], flag: string): boolean {
  return argv.some((arg) => arg === flag);
}

/** Whether this is a Wayland session, where apps may not grab global shortcuts. */
export function isWaylandSession(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform,
): boolean {
  return platform === 'linux' && (env.XDG_SESSION_TYPE === 'wayland' || !!env.WAYLAND_DISPLAY);
}

// ---------------------------------------------------------------------------------------------
// Window size and position

/** The settings' `windowBounds`. */
export interface SavedBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_MAIN_SIZE = { width: 1100, height: 760 };

/**
 * The bounds to open the main window with: the saved ones when enough of the window lands on a
 * display that still exists (a monitor may have been unplugged), else the default size, centred.
 */
export function restoreBounds(
  saved: SavedBounds | null,
  workAreas: readonly Rect[],
): { bounds: { width: number; height: number; x?: number; y?: number }; maximized: boolean } {
  if (!saved) return { bounds: { ...DEFAULT_MAIN_SIZE }, maximized: false };
  const size = { width: saved.width, height: saved.height };
  if (saved.x === undefined || saved.y === undefined) return { bounds: size, maximized: saved.maximized };
  const rect = { x: saved.x, y: saved.y, ...size };
  // The title bar's strip (top 40 px, at least 120 px wide) must be reachable to move the window.
  const grabbable = workAreas.some((area) => {
    const overlapW = Math.min(rect.x + rect.width, area.x + area.width) - Math.max(rect.x, area.x);
    const overlapH = Math.min(rect.y + 40, area.y + area.height) - Math.max(rect.y, area.y);
    return overlapW >= 120 && overlapH >= 20;
  });
  if (!grabbable) return { bounds: size, maximized: saved.maximized };
  return { bounds: rect, maximized: saved.maximized };
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The part of a BrowserWindow whose size and position are remembered. */
export interface BoundsWindowPort {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'closed', listener: () => void): unknown;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
}

/**
 * Saves the main window's size and position (the un-maximized bounds, plus whether it was
 * maximized) a moment after it stops moving, and at once when it closes.
 */
export function rememberBounds(
  window: BoundsWindowPort,
  save: (bounds: SavedBounds) => void,
  options: { delayMs?: number; timers?: Timers } = {},
): () => void {
  const timers = options.timers ?? realTimers;
  const delay = options.delayMs ?? 500;
  let pending: unknown = null;
  let last = '';
  const flush = () => {
    if (pending !== null) timers.clearTimeout(pending);
    pending = null;
    if (window.isDestroyed()) return;
    const b = window.getNormalBounds();
    const next: SavedBounds = {
      x: Math.round(b.x),
      y: Math.round(b.y),
      width: Math.round(b.width),
      height: Math.round(b.height),
      maximized: window.isMaximized(),
    };
    const key = JSON.stringify(next);
    if (key === last) return;
    last = key;
    try {
      save(next);
    } catch {
      // Failing to remember a window size must never disturb closing or quitting.
    }
  };
  const schedule = () => {
    if (pending !== null) timers.clearTimeout(pending);
    pending = timers.setTimeout(flush, delay);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, schedule);
  window.on('close', () => flush());
  const cancel = () => {
    if (pending !== null) timers.clearTimeout(pending);
    pending = null;
  };
  window.on('closed', cancel);
  return flush;
}

// ---------------------------------------------------------------------------------------------
// Closing the main window

/**
 * What closing the main window does. With "keep in tray" on, it hides and Parley stays in the
 * tray. Otherwise it closes, and on Windows and Linux Parley quits (the hidden quick window would
 * otherwise keep it running with no way back but the hotkey). macOS apps stay in the Dock.
 */
export function mainCloseAction(options: {
  quitting: boolean;
  closeToTray: boolean;
  platform: NodeJS.Platform;
}): 'close' | 'hide' | 'quit' {
  if (options.quitting) return 'close';
  if (options.closeToTray) return 'hide';
  return options.platform === 'darwin' ? 'close' : 'quit';
}

// ---------------------------------------------------------------------------------------------
// Launch at login

export interface LoginItemPort {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

export interface AutostartFiles {
  write(path: string, content: string): void;
  remove(path: string): void;
}

export interface LaunchAtLoginDeps {
  platform: NodeJS.Platform;
  app: LoginItemPort;
  /** Linux: where the XDG autostart entry goes (`$XDG_CONFIG_HOME/autostart/parley.desktop`). */
  autostartFile: string;
  /** Linux: the command that starts Parley (the AppImage, or the executable and app folder). */
  command: string[];
  files: AutostartFiles;
}

/** Quotes one argument of a desktop entry's Exec line (Desktop Entry Specification, "Exec key"). */
export function quoteExecArg(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(command: string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Parley',
    'Comment=Chat with ChatGPT and other models',
    `Exec=${[...command, HIDDEN_FLAG].map(quoteExecArg).join(' ')}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

/**
 * Starts Parley at login (in the tray, not in front) or stops doing so. macOS and Windows keep
 * login items themselves; Linux desktops read an XDG autostart entry.
 */
export function applyLaunchAtLogin(enabled: boolean, deps: LaunchAtLoginDeps): void {
  if (deps.platform === 'linux') {
    if (enabled) deps.files.write(deps.autostartFile, autostartEntry(deps.command));
    else deps.files.remove(deps.autostartFile);
    return;
  }
  // `args` is used on Windows; macOS tells through `wasOpenedAtLogin`.
  deps.app.setLoginItemSettings({ openAtLogin: enabled, args: enabled ? [HIDDEN_FLAG] : [] });
}

/** A command line as a person would paste it into a shell or a keyboard-shortcut dialog. */
export function commandLine(command: readonly string[]): string {
  return command
    .map((arg) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

/** The command a Linux autostart entry (or a keyboard binding) runs to start this Parley. */
export function launchCommand(inputs: {
  execPath: string;
  /** The app folder when not packaged (`electron .`); null when packaged. */
  appPath: string | null;
  env: Record<string, string | undefined>;
}): string[] {
  // An AppImage runs from a temporary mount; its own path is the one that lasts.
  if (inputs.env.APPIMAGE) return [inputs.env.APPIMAGE];
  return inputs.appPath ? [inputs.execPath, inputs.appPath] : [inputs.execPath];
}

import type { BrowserWindowConstructorOptions } from 'electron';

export interface Point {
  x: number;
  y: number;
}
export interface Rect extends Point {
  width: number;
  height: number;
}

/** The part of Electron's `screen` used to find the display under the mouse. */
export interface ScreenPort {
  getCursorScreenPoint(): Point;
  getDisplayNearestPoint(point: Point): { workArea: Rect };
}

/** Cancellable Electron events (`close`). */
export interface PreventableEvent {
  preventDefault(): void;
}

/** The part of a BrowserWindow's webContents the controller listens to. */
export interface QuickContentsPort {
  on(
    event: 'preferred-size-changed',
    listener: (event: unknown, size: { width: number; height: number }) => void,
  ): unknown;
}

/** The part of a BrowserWindow the controller drives; a real BrowserWindow fits. */
export interface QuickWindowPort {
  readonly webContents: QuickContentsPort;
  show(): void;
  hide(): void;
  focus(): void;
  blur(): void;
  destroy(): void;
  isVisible(): boolean;
  isFocused(): boolean;
  isDestroyed(): boolean;
  setBounds(bounds: Partial<Rect>): void;
  on(event: 'blur' | 'closed', listener: () => void): unknown;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
}

export interface QuickWindowDeps {
  /** Makes the (hidden) window and starts loading the quick page. */
  create(): QuickWindowPort;
  screen: ScreenPort;
  platform: NodeJS.Platform;
  /** On macOS focus goes back to the previous app only when Parley hides (`app.hide()`). */
  app: { hide(): void };
  /** Whether one of Parley's own windows has focus (checked before the quick window takes it). */
  isAppFocused(): boolean;
  now?: () => number;
}

export const QUICK_WIDTH = 680;
/** Room for the input and its hint line before anything is typed. */
export const QUICK_MIN_HEIGHT = 120;
/** Blurs this soon after showing are the window manager settling focus, not the person leaving. */
const BLUR_GRACE_MS = 400;

/** Where the quick window goes on a display: centred, a fifth of the way down, like a launcher. */
export function placeOn(workArea: Rect, height: number): { bounds: Rect; maxHeight: number } {
  const width = Math.min(QUICK_WIDTH, workArea.width - 32);
  const x = workArea.x + Math.round((workArea.width - width) / 2);
  const y = workArea.y + Math.round(workArea.height / 5);
  const maxHeight = Math.max(QUICK_MIN_HEIGHT, workArea.y + workArea.height - y - 24);
  return { bounds: { x, y, width, height: clamp(height, QUICK_MIN_HEIGHT, maxHeight) }, maxHeight };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** The quick window's BrowserWindow options, on top of the shared secure webPreferences. */
export function quickWindowOptions(
  webPreferences: BrowserWindowConstructorOptions['webPreferences'],
  platform: NodeJS.Platform,
): BrowserWindowConstructorOptions {
  return {
    width: QUICK_WIDTH,
    height: QUICK_MIN_HEIGHT,
    show: false,
    frame: false,
    resizable: false,
    movable: true,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    // A macOS panel floats over full-screen apps and does not pull Parley's other windows forward.
    ...(platform === 'darwin' ? { type: 'panel' as const } : {}),
    title: 'Parley Quick Prompt',
    backgroundColor: '#1e1f22',
    webPreferences: {
      ...webPreferences,
      // The page's natural height drives the window's, without any IPC (see `preferred-size-changed`).
      enablePreferredSizeMode: true,
      // The prompt must answer at once, hidden or not.
      backgroundThrottling: false,
    },
  };
}

/**
 * The quick-prompt window: made hidden at start-up so the hotkey shows it at once, shown on the
 * display under the mouse, sized to its content, hidden (not closed) when done, with focus given
 * back to the app that had it.
 */
export class QuickWindowController {
  readonly #deps: QuickWindowDeps;
  #window: QuickWindowPort | null = null;
  #maxHeight = Number.POSITIVE_INFINITY;
  #bounds: Rect | null = null;
  #contentHeight = QUICK_MIN_HEIGHT;
  #shownAt = 0;
  /** Whether focus came from another app (so hiding should hand it back there). */
  #cameFromOtherApp = true;
  #closing = false;

  constructor(deps: QuickWindowDeps) {
    this.#deps = deps;
  }

  /** The live window, made (hidden) if there is none. Call at start-up. */
  prepare(): QuickWindowPort {
    if (this.#window && !this.#window.isDestroyed()) return this.#window;
    const window = this.#deps.create();
    this.#window = window;
    window.on('blur', () => this.#onBlur());
    window.on('close', (event) => {
      // Only quitting closes it; anything else (Alt+F4, a window manager) just hides it.
      if (!this.#closing) {
        event.preventDefault();
        this.hide();
      }
    });
    window.on('closed', () => {
      if (this.#window === window) this.#window = null;
    });
    window.webContents.on('preferred-size-changed', (_event, size) => this.#fit(size.height));
    return window;
  }

  get window(): QuickWindowPort | null {
    return this.#window && !this.#window.isDestroyed() ? this.#window : null;
  }

  isShown(): boolean {
    return this.window?.isVisible() ?? false;
  }

  /** Shows it on the display under the mouse, focused. */
  show(): void {
    const window = this.prepare();
    if (!window.isVisible()) {
      this.#cameFromOtherApp = !this.#deps.isAppFocused();
      const point = this.#deps.screen.getCursorScreenPoint();
      const { workArea } = this.#deps.screen.getDisplayNearestPoint(point);
      const placed = placeOn(workArea, this.#contentHeight);
      this.#maxHeight = placed.maxHeight;
      this.#bounds = placed.bounds;
      window.setBounds(placed.bounds);
      this.#shownAt = this.#now();
      window.show();
    }
    window.focus();
  }

  /** Hides it and gives focus back to the app that had it before; false if it was not shown. */
  hide(): boolean {
    const window = this.window;
    if (!window?.isVisible()) return false;
    if (this.#deps.platform === 'darwin') {
      window.hide();
      // macOS gives focus back only if Parley steps aside; not when a Parley window had it.
      if (this.#cameFromOtherApp) this.#deps.app.hide();
    } else {
      // Windows and Linux activate the window below (the previous app) when this one lets go.
      window.blur();
      window.hide();
    }
    return true;
  }

  /** The hotkey: shows it, brings it forward if shown behind something, hides it if in front. */
  toggle(): void {
    const window = this.window;
    if (window?.isVisible() && window.isFocused()) this.hide();
    else this.show();
  }

  /** Lets the window really close (at quit). */
  destroy(): void {
    this.#closing = true;
    const window = this.window;
    this.#window = null;
    window?.destroy();
  }

  /** Hides it for another Parley window to take focus ("Open in Parley"), not the previous app. */
  handOff(): void {
    this.window?.hide();
  }

  #onBlur(): void {
    const window = this.window;
    if (!window?.isVisible()) return;
    if (this.#now() - this.#shownAt < BLUR_GRACE_MS) return;
    // The person clicked elsewhere: step aside without taking focus back from where they went.
    window.hide();
  }

  #fit(height: number): void {
    this.#contentHeight = height;
    const window = this.window;
    if (!window || !this.#bounds) return;
    const next = clamp(height, QUICK_MIN_HEIGHT, this.#maxHeight);
    if (next === this.#bounds.height) return;
    this.#bounds = { ...this.#bounds, height: next };
    window.setBounds(this.#bounds);
  }

  #now(): number {
    return (this.#deps.now ?? Date.now)();
  }
}

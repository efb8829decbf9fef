import { describeAccelerator, parseAccelerator } from '../../shared/accelerator.ts';

/** The part of Electron's `globalShortcut` the hotkey needs. */
export interface GlobalShortcutPort {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

/** What settings show next to the shortcut (SettingsView['hotkeyStatus']). */
export interface HotkeyStatus {
  registered: boolean;
  /** Plain words for the person; null when there is nothing to say. */
  message: string | null;
}

export interface HotkeyControllerDeps {
  globalShortcut: GlobalShortcutPort;
  /** What the hotkey does (toggle the quick prompt). */
  onPress: () => void;
  platform: NodeJS.Platform;
  /** A Wayland session: apps cannot always grab keys there (see README, "Quick prompt"). */
  wayland?: boolean;
  /** The command that opens the quick prompt (Parley's executable with `--quick`), for the Wayland hint. */
  quickCommand?: string;
  /** Told every time the status changes, so settings can show it. */
  onStatus?: (status: HotkeyStatus) => void;
}

/** The settings the controller follows: the store's `get`/`subscribe` fit. */
export interface HotkeySettingsSource {
  get(key: 'hotkey'): string;
  subscribe(listener: (next: { hotkey: string }, previous: { hotkey: string }) => void): () => void;
}

function waylandHint(command: string | undefined): string {
  const what = command ? `the command ${command}` : 'Parley’s program with --quick';
  return `If it does nothing while another app has focus (Wayland may not let apps take shortcuts), bind ${what} to a key in your desktop’s keyboard settings.`;
}

/**
 * Keeps exactly one global hotkey registered, the one in settings. A shortcut that cannot be
 * taken (invalid, or another app holds it) is reported in plain words, never ignored, and the
 * shortcut that worked before stays active, so trying a taken one does not lose the hotkey.
 */
export class HotkeyController {
  readonly #deps: HotkeyControllerDeps;
  /** The accelerator registered with the OS right now, if any. */
  #active: string | null = null;
  #status: HotkeyStatus = { registered: false, message: null };
  readonly #press = () => this.#deps.onPress();

  constructor(deps: HotkeyControllerDeps) {
    this.#deps = deps;
  }

  get status(): HotkeyStatus {
    return { ...this.#status };
  }

  get active(): string | null {
    return this.#active;
  }

  /** Registers `accelerator` in place of the current one; returns (and reports) the new status. */
  apply(accelerator: string): HotkeyStatus {
    const { platform } = this.#deps;
    const shown = describeAccelerator(accelerator, platform);
    if (accelerator === this.#active) return this.status;

    const kept = this.#active
      ? ` Parley still answers to ${describeAccelerator(this.#active, platform)}.`
      : '';
    const parsed = parseAccelerator(accelerator);
    if (!parsed.ok) {
      return this.#report({
        registered: false,
        message: `“${accelerator}” cannot be the quick-prompt shortcut: ${parsed.reason}. Record another one in Settings.${kept}`,
      });
    }

    let registered: boolean;
    try {
      registered = this.#deps.globalShortcut.register(accelerator, this.#press);
    } catch {
      return this.#report({
        registered: false,
        message: `${shown} is not a shortcut this system accepts. Record another one in Settings.${kept}`,
      });
    }
    if (!registered) {
      return this.#report({
        registered: false,
        message: `${shown} is already used by another app, so Parley cannot use it. Record another shortcut in Settings, or free it in the other app.${kept}`,
      });
    }
    if (this.#active) this.#safeUnregister(this.#active);
    this.#active = accelerator;
    return this.#report({
      registered: true,
      message: this.#deps.wayland ? waylandHint(this.#deps.quickCommand) : null,
    });
  }

  /** Registers the hotkey in settings now and again whenever it changes; returns the unsubscribe. */
  follow(settings: HotkeySettingsSource): () => void {
    this.apply(settings.get('hotkey'));
    return settings.subscribe((next, previous) => {
      if (next.hotkey !== previous.hotkey) this.apply(next.hotkey);
    });
  }

  /** Gives the shortcut back to the OS (at quit). */
  dispose(): void {
    if (this.#active) this.#safeUnregister(this.#active);
    this.#active = null;
    this.#status = { registered: false, message: null };
  }

  #safeUnregister(accelerator: string): void {
    try {
      this.#deps.globalShortcut.unregister(accelerator);
    } catch {
      // Already gone; nothing to give back.
    }
  }

  #report(status: HotkeyStatus): HotkeyStatus {
    this.#status = status;
    this.#deps.onStatus?.(this.status);
    return this.status;
  }
}

import type { UpdateStatus } from '../../../shared/updates.ts';

/** What the updater reports (electron-updater's events, in its own words). */
export type UpdaterEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  | { type: 'not-available' }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string };

/** The updater the service drives; the desktop shell adapts electron-updater to it. */
export interface UpdaterPort {
  /** Checks the releases and, when there is a newer one, downloads it in the background. */
  check(): Promise<void>;
  /** Quits, installs the downloaded update and starts the new version. */
  installAndRestart(): void;
  onEvent(listener: (event: UpdaterEvent) => void): void;
}

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface UpdateServiceDeps {
  updater: UpdaterPort;
  timers: Timers;
  now(): number;
  /** Every new status goes here (the shell broadcasts it to the windows). */
  publish(status: UpdateStatus): void;
  /** The first check, this long after start (default 10 s: start-up first). */
  firstCheckMs?: number;
  /** Then every this long (default a day). */
  intervalMs?: number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Parley's self-update: a check soon after start and then daily, the download in the background,
 * then "Restart to update" until the person restarts. Turned off, nothing is checked or fetched.
 * Electron-free: the updater and the clock come in through `deps`.
 */
export class UpdateService {
  readonly #deps: UpdateServiceDeps;
  #status: UpdateStatus = { state: 'off' };
  #timer: unknown = null;
  #busy = false;

  constructor(deps: UpdateServiceDeps) {
    this.#deps = deps;
    deps.updater.onEvent((event) => this.#onEvent(event));
  }

  get status(): UpdateStatus {
    return this.#status;
  }

  /** Follows the Settings switch: on schedules the first check, off stops every check to come. */
  setEnabled(enabled: boolean): void {
    this.#cancel();
    if (!enabled) {
      // A downloaded update stays installable; nothing new is looked for.
      if (this.#status.state !== 'ready') this.#set({ state: 'off' });
      return;
    }
    if (this.#status.state === 'off') this.#set({ state: 'idle' });
    this.#schedule(this.#deps.firstCheckMs ?? 10_000);
  }

  /** Restarts into the downloaded update; false when none is ready. */
  restart(): boolean {
    if (this.#status.state !== 'ready') return false;
    this.#deps.updater.installAndRestart();
    return true;
  }

  dispose(): void {
    this.#cancel();
  }

  async #check(): Promise<void> {
    this.#timer = null;
    this.#schedule(this.#deps.intervalMs ?? DAY_MS);
    // A check is pointless while one runs or once an update waits for a restart.
    if (this.#busy || this.#status.state === 'ready') return;
    this.#busy = true;
    try {
      await this.#deps.updater.check();
    } catch (error) {
      this.#onEvent({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      this.#busy = false;
    }
  }

  #onEvent(event: UpdaterEvent): void {
    if (this.#status.state === 'off' || this.#status.state === 'ready') {
      if (event.type !== 'downloaded') return;
    }
    this.#set(statusAfter(event, this.#status, this.#deps.now()));
  }

  #schedule(ms: number): void {
    this.#timer = this.#deps.timers.setTimeout(() => void this.#check(), ms);
  }

  #cancel(): void {
    if (this.#timer !== null) this.#deps.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #set(status: UpdateStatus): void {
    this.#status = status;
    this.#deps.publish(status);
  }
}

/** The status an updater event leads to. */
export function statusAfter(event: UpdaterEvent, current: UpdateStatus, now: number): UpdateStatus {
  switch (event.type) {
    case 'checking':
      return { state: 'checking' };
    case 'available':
      return { state: 'downloading', version: event.version, percent: 0 };
    case 'not-available':
      return { state: 'up-to-date', checkedAt: now };
    case 'progress':
      return current.state === 'downloading'
        ? { ...current, percent: Math.max(0, Math.min(100, Math.round(event.percent))) }
        : current;
    case 'downloaded':
      return { state: 'ready', version: event.version };
    case 'error':
      return { state: 'error', message: `Could not update Parley: ${event.message.slice(0, 300)}` };
  }
}

import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSettings } from '../../src/main/core/store/settings.ts';
import type { Timers } from '../../src/main/core/updates/update-service.ts';
import { shellHandlers } from '../../src/main/shell/shell-handlers.ts';
import type { AppUpdaterLike } from '../../src/main/shell/updater.ts';
import { startUpdates } from '../../src/main/shell/updater.ts';
import type { UpdateStatus } from '../../src/shared/updates.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-updater-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** electron-updater's autoUpdater as far as the shell uses it: its events, its check, its install. */
class FakeAutoUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  checks = 0;
  installs: unknown[][] = [];
  async checkForUpdates() {
    this.checks++;
    this.emit('checking-for-update');
    this.emit('update-available', { version: '2.0.0' });
    return null;
  }
  quitAndInstall(...args: unknown[]) {
    this.installs.push(args);
  }
}

/** Timers the test fires by hand. */
function handTimers() {
  const pending = new Set<() => void>();
  const timers: Timers = {
    setTimeout: (run) => (pending.add(run), run),
    clearTimeout: (handle) => pending.delete(handle as () => void),
  };
  const fire = async () => {
    const due = [...pending];
    pending.clear();
    for (const run of due) run();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { timers, pending, fire };
}

function setup(autoUpdate: boolean) {
  const settings = openSettings({
    dataDir: dir,
    factory: () => ({ store: {}, path: join(dir, 'config.json') }),
  }).settings;
  settings.update({ autoUpdate });
  const updater = new FakeAutoUpdater();
  const published: UpdateStatus[] = [];
  const clock = handTimers();
  const service = startUpdates({
    updater: updater as unknown as AppUpdaterLike,
    settings,
    publish: (status) => published.push(status),
    timers: clock.timers,
  });
  const handlers = shellHandlers(
    () => null,
    () => service,
  );
  const call = <N extends 'app.updateStatus' | 'app.restartToUpdate'>(name: N) =>
    (handlers[name] as (input: object, context: never) => unknown)({}, undefined as never);
  return { settings, updater, published, clock, service, call };
}

describe('desktop updates (electron-updater behind the update service)', () => {
  it('downloads in the background and restarts into the update when asked', async () => {
    const { updater, published, clock, call } = setup(true);
    expect(updater.autoDownload).toBe(true);
    await clock.fire();
    expect(updater.checks).toBe(1);
    updater.emit('download-progress', { percent: 50 });
    expect(call('app.updateStatus')).toEqual({ state: 'downloading', version: '2.0.0', percent: 50 });
    expect(call('app.restartToUpdate')).toEqual({ restarting: false });
    updater.emit('update-downloaded', { version: '2.0.0' });
    expect(published.at(-1)).toEqual({ state: 'ready', version: '2.0.0' });
    expect(call('app.restartToUpdate')).toEqual({ restarting: true });
    expect(updater.installs).toEqual([[false, true]]);
  });

  it('follows the Settings switch: off cancels the checks, on schedules them again', async () => {
    const { settings, updater, clock, call } = setup(false);
    expect(clock.pending.size).toBe(0);
    expect(call('app.updateStatus')).toEqual({ state: 'off' });
    settings.update({ autoUpdate: true });
    expect(clock.pending.size).toBe(1);
    settings.update({ autoUpdate: false });
    expect(clock.pending.size).toBe(0);
    await clock.fire();
    expect(updater.checks).toBe(0);
  });

  it('passes electron-updater errors on in plain words', async () => {
    const { updater, call } = setup(true);
    updater.emit('error', new Error('HttpError: 404 Not Found'));
    expect(call('app.updateStatus')).toEqual({
      state: 'error',
      message: 'Could not update Parley: HttpError: 404 Not Found',
    });
  });

  it('says "unsupported" where the app does not update itself (run from a checkout)', () => {
    const handlers = shellHandlers(() => null);
    expect(handlers['app.updateStatus']({}, undefined as never)).toEqual({ state: 'unsupported' });
    expect(handlers['app.restartToUpdate']({}, undefined as never)).toEqual({ restarting: false });
  });
});

import type { AppUpdater } from 'electron-updater';
import type { SettingsStore } from '../core/store/settings.ts';
import type { Timers, UpdaterPort } from '../core/updates/update-service.ts';
import { UpdateService } from '../core/updates/update-service.ts';
import type { UpdateStatus } from '../../shared/updates.ts';

/** The part of electron-updater's `autoUpdater` the shell uses; the real one fits. */
export type AppUpdaterLike = Pick<
  AppUpdater,
  'on' | 'checkForUpdates' | 'quitAndInstall' | 'autoDownload' | 'autoInstallOnAppQuit'
>;

/** electron-updater as the update service's port: GitHub Releases (electron-builder.yml `publish`). */
export function updaterPort(updater: AppUpdaterLike): UpdaterPort {
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  return {
    check: async () => void (await updater.checkForUpdates()),
    installAndRestart: () => updater.quitAndInstall(false, true),
    onEvent(listener) {
      updater.on('checking-for-update', () => listener({ type: 'checking' }));
      updater.on('update-available', (info) => listener({ type: 'available', version: info.version }));
      updater.on('update-not-available', () => listener({ type: 'not-available' }));
      updater.on('download-progress', (progress) =>
        listener({ type: 'progress', percent: progress.percent }),
      );
      updater.on('update-downloaded', (info) => listener({ type: 'downloaded', version: info.version }));
      updater.on('error', (error) => listener({ type: 'error', message: error.message }));
    },
  };
}

export interface UpdatesDeps {
  updater: AppUpdaterLike;
  settings: Pick<SettingsStore, 'get' | 'subscribe'>;
  publish(status: UpdateStatus): void;
  timers?: Timers;
}

/**
 * The packaged desktop app's self-update, following the Settings switch (`autoUpdate`). Started
 * by the composition root only when the app is packaged: never from a checkout, the browser
 * edition or the CLI.
 */
export function startUpdates(deps: UpdatesDeps): UpdateService {
  const service = new UpdateService({
    updater: updaterPort(deps.updater),
    timers: deps.timers ?? { setTimeout, clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) },
    now: Date.now,
    publish: deps.publish,
  });
  service.setEnabled(deps.settings.get('autoUpdate'));
  deps.settings.subscribe((next, _previous, changed) => {
    if (changed.includes('autoUpdate')) service.setEnabled(next.autoUpdate);
  });
  return service;
}

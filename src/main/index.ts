// The Electron shell's composition root: single instance, the core, IPC binding, the windows.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  app,
  globalShortcut,
  ipcMain,
  nativeImage,
  net,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron';
import ElectronStore from 'electron-store';
import electronUpdater from 'electron-updater';
import type { WebContents } from 'electron';
import { createCore } from './core/app-core.ts';
// electron-vite bundles the worker as its own entry and gives its path (electron-vite/node types).
import ingestWorker from './core/attachments/ingest-worker.ts?modulePath';
import type { Core } from './core/app-core.ts';
import type { UpdateService } from './core/updates/update-service.ts';
import { bindContract } from './core/rpc/bind-contract.ts';
import { electronTransport } from './ipc.ts';
import { appProtocolHandler, appScheme } from './shell/app-protocol.ts';
import { alertNotifier } from './shell/alert-notifier.ts';
import { isWaylandSession, launchCommand } from './shell/lifecycle.ts';
import { APP_SCHEME, isOwnPage, rendererSource } from './shell/pages.ts';
import { installPermissionHandlers } from './shell/permissions.ts';
import { quickWindowOptions } from './shell/quick-window.ts';
import { shellHandlers } from './shell/shell-handlers.ts';
import { startShell } from './shell/shell.ts';
import type { Shell } from './shell/shell.ts';
import { trayIconFor, windowIconFor } from './shell/tray-icon.ts';
import { startUpdates } from './shell/updater.ts';
import { hardenWebContents, mainWindowOptions, secureWebPreferences } from './shell/windows.ts';

// A build serves its pages from parley://app/ (out/renderer); only `npm run dev` uses the dev server.
const source = rendererSource(app, process.env);
const pages = { mainPage: source.mainPage, quickPage: source.quickPage };
const devTools = { devTools: source.development };
const rendererDir = join(import.meta.dirname, '../renderer');
const preload = join(import.meta.dirname, '../preload/index.cjs');
const ownWindows = new Set<WebContents>();
let desktop: Shell | null = null;
let updates: UpdateService | null = null;

const ownPage = (url: string) => isOwnPage(url, pages);
const transport = electronTransport(ipcMain, (contents, url) => ownWindows.has(contents) && ownPage(url));

function track(window: BrowserWindow, url: string): BrowserWindow {
  const contents = window.webContents;
  ownWindows.add(contents);
  contents.once('destroyed', () => ownWindows.delete(contents));
  hardenWebContents(contents, shell, ownPage);
  void window.loadURL(url);
  return window;
}

const windowIcon = windowIconFor(process.platform);
const icon = windowIcon ? nativeImage.createFromDataURL(windowIcon) : null;

function createMainWindow(bounds: { width: number; height: number; x?: number; y?: number }, url: string) {
  return track(new BrowserWindow(mainWindowOptions(preload, bounds, { ...devTools, icon })), url);
}

function createQuickWindow(): BrowserWindow {
  const window = new BrowserWindow(
    quickWindowOptions(secureWebPreferences(preload, devTools), process.platform),
  );
  if (process.platform === 'darwin') window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
  return track(window, pages.quickPage);
}

function createTray(): Tray {
  const icon = trayIconFor(process.platform);
  const image = nativeImage.createFromDataURL(icon.x1);
  image.addRepresentation({ scaleFactor: 2, dataURL: icon.x2 });
  image.setTemplateImage(icon.template);
  return new Tray(image);
}

const autostartFiles = {
  write(path: string, content: string) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content, { mode: 0o644 });
  },
  remove: (path: string) => rmSync(path, { force: true }),
};

async function start(): Promise<Core> {
  protocol.handle(
    APP_SCHEME,
    appProtocolHandler(rendererDir, (fileUrl) => net.fetch(fileUrl)),
  );
  const core = await createCore({
    dataDir: app.getPath('userData'),
    edition: 'desktop',
    host: shellHandlers(
      () => desktop,
      () => updates,
    ),
    safeStorage,
    settingsFactory: (options) => new ElectronStore(options),
    hotkeyStatus: () => desktop?.hotkey.status ?? null,
    ingestWorker,
    // Alerts come only after requests, by when the core below exists.
    notifyAlert: (alert) => notifyAlert(alert),
  });
  const notifyAlert = alertNotifier({
    isSupported: () => Notification.isSupported(),
    create: (options) => new Notification(options),
    language: () => core.settings.get('language'),
    osLocale: () => app.getLocale(),
    showMain: () => desktop?.showMain(),
  });
  installPermissionHandlers(session.defaultSession, {
    pages,
    prefillFromClipboard: () => core.settings.get('quickPrompt').prefillFromClipboard,
  });
  bindContract(core.handlers, transport, {
    onUnexpectedError: (name, error) => console.error(`Parley: "${name}" failed unexpectedly:`, error),
  });
  desktop = startShell({
    platform: process.platform,
    argv: process.argv,
    env: process.env,
    app,
    globalShortcut,
    screen,
    settings: core.settings,
    pages,
    peerFor: transport.peerFor,
    createMainWindow,
    createQuickWindow,
    createTray,
    buildMenu: (template) => Menu.buildFromTemplate(template),
    isAppFocused: () => BrowserWindow.getFocusedWindow() !== null,
    // Registered synchronously within settings.update, so the handler's settings.changed carries it.
    onHotkeyStatus: () => {},
    autostart: {
      file: join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart', 'parley.desktop'),
      command: launchCommand({
        execPath: process.execPath,
        appPath: app.isPackaged ? null : app.getAppPath(),
        env: process.env,
      }),
      files: autostartFiles,
    },
  });
  // Only a packaged app updates itself (from GitHub Releases); a checkout has nothing to update to.
  if (app.isPackaged) {
    updates = startUpdates({
      updater: electronUpdater.autoUpdater,
      settings: core.settings,
      publish: (status) => core.broadcaster.emit('app.updateChanged', status),
    });
  }
  return core;
}

// Before `ready`: parley:// is a standard, secure scheme (a real origin, a secure context).
protocol.registerSchemesAsPrivileged([appScheme]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Wayland sessions: let Chromium ask the desktop for the global shortcut (xdg-desktop-portal).
  if (isWaylandSession(process.env, process.platform)) {
    app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
  }
  app.on('web-contents-created', (_event, contents) => {
    // Nothing may open windows or navigate away, whichever window it starts in.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  const ready = app.whenReady().then(start);
  // A second launch (e.g. `parley --quick` from a desktop key binding) hands over to this one.
  app.on('second-instance', (_event, argv) => void ready.then(() => desktop?.secondInstance(argv)));
  app.on('activate', () => void ready.then(() => desktop?.showMain()));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void ready.then((core) => core.close()));
}

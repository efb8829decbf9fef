// The Electron shell's composition root: single instance, the core, IPC binding, the windows.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BrowserWindow,
  Menu,
  Tray,
  app,
  globalShortcut,
  ipcMain,
  nativeImage,
  safeStorage,
  screen,
  shell,
} from 'electron';
import ElectronStore from 'electron-store';
import type { WebContents } from 'electron';
import { createCore } from './core/app-core.ts';
import type { Core } from './core/app-core.ts';
import { bindContract } from './core/rpc/bind-contract.ts';
import { electronTransport } from './ipc.ts';
import { samePage } from './shell/intents.ts';
import { isWaylandSession, launchCommand } from './shell/lifecycle.ts';
import { quickWindowOptions } from './shell/quick-window.ts';
import { startShell } from './shell/shell.ts';
import type { Shell } from './shell/shell.ts';
import { trayIconFor } from './shell/tray-icon.ts';
import { hardenWebContents, mainWindowOptions, secureWebPreferences } from './shell/windows.ts';

const rendererDevUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(import.meta.dirname, '../renderer/index.html');
const pageUrl = rendererDevUrl ?? pathToFileURL(rendererFile).href;
const quickPageUrl = new URL('quick.html', pageUrl).href;
const preload = join(import.meta.dirname, '../preload/index.cjs');
const ownWindows = new Set<WebContents>();
let desktop: Shell | null = null;

function isOwnPage(url: string): boolean {
  try {
    const target = new URL(url);
    return samePage(target, pageUrl) || samePage(target, quickPageUrl);
  } catch {
    return false;
  }
}

function track(window: BrowserWindow, url: string): BrowserWindow {
  const contents = window.webContents;
  ownWindows.add(contents);
  contents.once('destroyed', () => ownWindows.delete(contents));
  hardenWebContents(contents, shell, isOwnPage);
  void window.loadURL(url);
  return window;
}

function createMainWindow(bounds: { width: number; height: number; x?: number; y?: number }, url: string) {
  return track(new BrowserWindow(mainWindowOptions(preload, bounds)), url);
}

function createQuickWindow(): BrowserWindow {
  const window = new BrowserWindow(quickWindowOptions(secureWebPreferences(preload), process.platform));
  if (process.platform === 'darwin') window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
  return track(window, quickPageUrl);
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
  const core = await createCore({
    dataDir: app.getPath('userData'),
    edition: 'desktop',
    safeStorage,
    settingsFactory: (options) => new ElectronStore(options),
    hotkeyStatus: () => desktop?.hotkey.status ?? null,
  });
  bindContract(
    core.handlers,
    electronTransport(ipcMain, (contents, url) => ownWindows.has(contents) && isOwnPage(url)),
    { onUnexpectedError: (name, error) => console.error(`Parley: "${name}" failed unexpectedly:`, error) },
  );
  desktop = startShell({
    platform: process.platform,
    argv: process.argv,
    env: process.env,
    app,
    globalShortcut,
    screen,
    settings: core.settings,
    pages: { mainPage: pageUrl, quickPage: quickPageUrl },
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
  return core;
}

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

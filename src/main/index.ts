// The Electron shell's composition root: single instance, the core, IPC binding, the main window.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, app, ipcMain, safeStorage, shell } from 'electron';
import ElectronStore from 'electron-store';
import type { WebContents } from 'electron';
import { createCore } from './core/app-core.ts';
import type { Core } from './core/app-core.ts';
import { bindContract } from './core/rpc/bind-contract.ts';
import { electronTransport } from './ipc.ts';
import { hardenWebContents, mainWindowOptions } from './windows.ts';

const rendererDevUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(import.meta.dirname, '../renderer/index.html');
const pageUrl = rendererDevUrl ?? pathToFileURL(rendererFile).href;
const preload = join(import.meta.dirname, '../preload/index.cjs');
const ownWindows = new Set<WebContents>();
let mainWindow: BrowserWindow | null = null;

function isOwnPage(url: string): boolean {
  const page = new URL(pageUrl);
  try {
    const target = new URL(url);
    return target.origin === page.origin && target.pathname === page.pathname;
  } catch {
    return false;
  }
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preload, { width: 1100, height: 760 }));
  const contents = window.webContents;
  ownWindows.add(contents);
  contents.once('destroyed', () => ownWindows.delete(contents));
  hardenWebContents(contents, shell, isOwnPage);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(pageUrl);
  return window;
}

function showMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createMainWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function start(): Promise<Core> {
  const core = await createCore({
    dataDir: app.getPath('userData'),
    edition: 'desktop',
    safeStorage,
    settingsFactory: (options) => new ElectronStore(options),
  });
  bindContract(
    core.handlers,
    electronTransport(ipcMain, (contents, url) => ownWindows.has(contents) && isOwnPage(url)),
    { onUnexpectedError: (name, error) => console.error(`Parley: "${name}" failed unexpectedly:`, error) },
  );
  showMainWindow();
  return core;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showMainWindow);
  app.on('web-contents-created', (_event, contents) => {
    // Nothing may open windows or navigate away, whichever window it starts in.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  const ready = app.whenReady().then(start);
  app.on('activate', () => void ready.then(showMainWindow));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void ready.then((core) => core.close()));
}

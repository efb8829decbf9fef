import type { MenuItemConstructorOptions } from 'electron';
import type { Settings } from '../core/store/settings-schema.ts';
import type { SettingsStore } from '../core/store/settings.ts';
import type { Peer } from '../core/rpc/bind-contract.ts';
import type { PeerContents } from '../ipc.ts';
import { mainPageAddress } from '../../shared/address.ts';
import type { GlobalShortcutPort, HotkeyStatus } from './hotkey.ts';
import { HotkeyController } from './hotkey.ts';
import type { ShellPages } from './pages.ts';
import type { AutostartFiles, BoundsWindowPort, LoginItemPort } from './lifecycle.ts';
import {
  HIDDEN_FLAG,
  QUICK_FLAG,
  applyLaunchAtLogin,
  commandLine,
  hasFlag,
  isWaylandSession,
  mainCloseAction,
  rememberBounds,
  restoreBounds,
} from './lifecycle.ts';
import type { QuickWindowPort, Rect, ScreenPort } from './quick-window.ts';
import { QuickWindowController } from './quick-window.ts';
import type { TrayPort } from './tray.ts';
import { TrayController, trayLabels } from './tray.ts';

/** The main window as the shell drives it; a real BrowserWindow fits. */
export interface MainWindowPort extends BoundsWindowPort {
  readonly webContents: PeerContents & { loadURL(url: string): Promise<void> };
  /** A new window is shown at its first paint (no flash of an empty frame). */
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  isMinimized(): boolean;
  isVisible(): boolean;
}

/** The part of Electron's `app` the shell uses. */
export interface AppPort extends LoginItemPort {
  on(event: 'before-quit' | 'will-quit', listener: () => void): unknown;
  quit(): void;
  hide(): void;
  getLocale(): string;
  getLoginItemSettings(): { wasOpenedAtLogin?: boolean };
}

export interface ShellDeps {
  platform: NodeJS.Platform;
  argv: readonly string[];
  env: Record<string, string | undefined>;
  app: AppPort;
  globalShortcut: GlobalShortcutPort;
  screen: ScreenPort & { getAllDisplays(): { workArea: Rect }[] };
  settings: Pick<SettingsStore, 'get' | 'update' | 'subscribe'>;
  /** The main and quick pages' URLs. */
  pages: ShellPages;
  /** A window's Peer (the IPC transport's), through which main sends it events. */
  peerFor(contents: PeerContents): Pick<Peer, 'send'>;
  /** A new main window with these bounds, loading `url` (the main page, maybe with `#c=ID`). */
  createMainWindow(
    bounds: { width: number; height: number; x?: number; y?: number },
    url: string,
  ): MainWindowPort;
  createQuickWindow(): QuickWindowPort;
  createTray(): TrayPort;
  buildMenu(template: MenuItemConstructorOptions[]): unknown;
  /** Whether any Parley window has focus (`BrowserWindow.getFocusedWindow() !== null`). */
  isAppFocused(): boolean;
  /** Where the hotkey's status goes, so settings can show it (and every window hears of it). */
  onHotkeyStatus(status: HotkeyStatus): void;
  autostart: { file: string; command: string[]; files: AutostartFiles };
}

export interface Shell {
  showMain(options?: { conversationId?: string; newChat?: boolean }): void;
  /** "Open in Parley" (`app.openInMain`): the quick window steps aside for the main window. */
  openInMain(conversationId: string): void;
  /**
   * A second launch handed over to this instance (app 'second-instance'). `--quick` acts like the
   * hotkey (a desktop key binding runs it where global shortcuts cannot reach); else Parley comes forward.
   */
  secondInstance(argv: readonly string[]): void;
  quick: QuickWindowController;
  hotkey: HotkeyController;
  tray: TrayController;
  /** True once Parley is quitting (windows then really close). */
  readonly quitting: boolean;
}

/**
 * Everything about Parley's desktop presence that is not the contract: the main window's
 * lifecycle (remembered bounds, keep-in-tray), the quick-prompt window and its global hotkey,
 * `--quick` and second launches, the tray, launch at login. Electron comes in through `deps`.
 */
export function startShell(deps: ShellDeps): Shell {
  const { platform, settings, app } = deps;
  let mainWindow: MainWindowPort | null = null;
  let quitting = false;

  const liveMain = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null);

  const createMain = (url: string): MainWindowPort => {
    const restored = restoreBounds(
      settings.get('windowBounds'),
      deps.screen.getAllDisplays().map((d) => d.workArea),
    );
    const window = deps.createMainWindow(restored.bounds, url);
    if (restored.maximized) window.maximize();
    rememberBounds(window, (windowBounds) => settings.update({ windowBounds }));
    window.on('close', (event) => {
      const action = mainCloseAction({ quitting, closeToTray: settings.get('closeToTray'), platform });
      if (action === 'hide') {
        event.preventDefault();
        window.hide();
      } else if (action === 'quit') {
        app.quit();
      }
    });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    return window;
  };

  const reveal = (window: MainWindowPort) => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const showMain: Shell['showMain'] = (options = {}) => {
    const window = liveMain();
    if (!window) {
      const { mainPage } = deps.pages;
      const url = options.conversationId
        ? mainPageAddress({ kind: 'open', conversationId: options.conversationId }, mainPage)
        : options.newChat
          ? mainPageAddress({ kind: 'new' }, mainPage)
          : mainPage;
      const created = (mainWindow = createMain(url));
      created.once('ready-to-show', () => reveal(created));
      return;
    }
    if (options.conversationId) {
      deps.peerFor(window.webContents).send('app.navigate', { conversationId: options.conversationId });
    } else if (options.newChat) {
      // The page treats `#new` in its address as "start a new chat" (a same-document navigation).
      void window.webContents.loadURL(mainPageAddress({ kind: 'new' }, deps.pages.mainPage)).catch(() => {});
    }
    reveal(window);
  };

  const quick = new QuickWindowController({
    create: deps.createQuickWindow,
    screen: deps.screen,
    platform,
    app,
    isAppFocused: deps.isAppFocused,
  });

  const hotkey = new HotkeyController({
    globalShortcut: deps.globalShortcut,
    onPress: () => quick.toggle(),
    platform,
    wayland: isWaylandSession(deps.env, platform),
    quickCommand: commandLine([...deps.autostart.command, QUICK_FLAG]),
    onStatus: (status) => {
      deps.onHotkeyStatus(status);
      refreshTray();
    },
  });

  const tray = new TrayController({
    createTray: deps.createTray,
    buildMenu: deps.buildMenu,
    platform,
    actions: {
      newChat: () => showMain({ newChat: true }),
      quickPrompt: () => quick.show(),
      showMain: () => showMain(),
      quit: () => app.quit(),
    },
  });
  function refreshTray(): void {
    const s = settings.get();
    tray.update(trayLabels(s.language, app.getLocale()), hotkey.active);
  }

  const launchAtLogin = (enabled: boolean) => {
    try {
      applyLaunchAtLogin(enabled, { platform, app, ...deps.autostart, autostartFile: deps.autostart.file });
    } catch (error) {
      console.error('Parley: could not change launch at login:', error);
    }
  };

  // Start-up: the quick window exists (hidden) from now on, so the hotkey shows it at once.
  quick.prepare();
  refreshTray();
  hotkey.follow({
    get: () => settings.get('hotkey'),
    subscribe: (listener) =>
      settings.subscribe((next: Settings, previous: Settings) => listener(next, previous)),
  });
  if (settings.get('launchAtLogin')) launchAtLogin(true);
  settings.subscribe((next, _previous, changed) => {
    if (changed.includes('launchAtLogin')) launchAtLogin(next.launchAtLogin);
    if (changed.includes('language')) refreshTray();
  });

  app.on('before-quit', () => {
    quitting = true;
    quick.destroy();
  });
  app.on('will-quit', () => {
    hotkey.dispose();
    tray.destroy();
  });

  const startedAtLogin =
    hasFlag(deps.argv, HIDDEN_FLAG) ||
    (platform === 'darwin' && !!app.getLoginItemSettings().wasOpenedAtLogin);
  if (hasFlag(deps.argv, QUICK_FLAG)) quick.show();
  else if (!startedAtLogin) showMain();

  return {
    showMain,
    openInMain(conversationId) {
      // Focus goes to the main window, not back to the app that had it before the quick prompt.
      quick.handOff();
      showMain({ conversationId });
    },
    secondInstance: (argv) => (hasFlag(argv, QUICK_FLAG) ? quick.toggle() : showMain()),
    quick,
    hotkey,
    tray,
    get quitting() {
      return quitting;
    },
  };
}

import type { MenuItemConstructorOptions } from 'electron';

export interface TrayActions {
  newChat(): void;
  quickPrompt(): void;
  showMain(): void;
  quit(): void;
}

export interface TrayLabels {
  tooltip: string;
  newChat: string;
  quickPrompt: string;
  showMain: string;
  quit: string;
}

const labels: Record<'en' | 'zh-CN', TrayLabels> = {
  en: {
    tooltip: 'Parley',
    newChat: 'New chat',
    quickPrompt: 'Quick prompt',
    showMain: 'Show Parley',
    quit: 'Quit Parley',
  },
  'zh-CN': {
    tooltip: 'Parley',
    newChat: '新对话',
    quickPrompt: '快速提问',
    showMain: '显示 Parley',
    quit: '退出 Parley',
  },
};

/** The language setting, or the OS locale's when the setting is `system`. */
export function shellLanguage(language: 'system' | 'en' | 'zh-CN', osLocale: string): 'en' | 'zh-CN' {
  return language === 'system' ? (osLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en') : language;
}

/** The tray's words in the language setting, or the OS locale when the setting is `system`. */
export function trayLabels(language: 'system' | 'en' | 'zh-CN', osLocale: string): TrayLabels {
  return labels[shellLanguage(language, osLocale)];
}

/**
 * The tray menu. The hotkey is shown beside "Quick prompt" as a hint only: the global shortcut
 * is registered by the hotkey controller, never by the menu.
 */
export function trayMenuTemplate(
  text: TrayLabels,
  actions: TrayActions,
  hotkey: string | null,
): MenuItemConstructorOptions[] {
  return [
    { id: 'new-chat', label: text.newChat, click: () => actions.newChat() },
    {
      id: 'quick-prompt',
      label: text.quickPrompt,
      click: () => actions.quickPrompt(),
      ...(hotkey ? { accelerator: hotkey, registerAccelerator: false } : {}),
    },
    { id: 'show', label: text.showMain, click: () => actions.showMain() },
    { type: 'separator' },
    { id: 'quit', label: text.quit, click: () => actions.quit() },
  ];
}

/** The parts of Electron's Tray and Menu the controller uses; real ones fit. */
export interface TrayPort {
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click' | 'double-click', listener: () => void): unknown;
  destroy(): void;
  isDestroyed(): boolean;
}

export interface TrayDeps<M> {
  createTray(): TrayPort;
  buildMenu(template: MenuItemConstructorOptions[]): M;
  actions: TrayActions;
  platform: NodeJS.Platform;
}

/**
 * The tray icon and its menu: New chat, Quick prompt, Show Parley, Quit. A click on the icon
 * shows Parley on Windows (where that is the habit); elsewhere the click opens the menu.
 */
export class TrayController<M = unknown> {
  readonly #deps: TrayDeps<M>;
  #tray: TrayPort | null = null;

  constructor(deps: TrayDeps<M>) {
    this.#deps = deps;
  }

  /** Makes the tray icon (once) and sets its menu in these words, with this hotkey hint. */
  update(text: TrayLabels, hotkey: string | null): void {
    if (!this.#tray || this.#tray.isDestroyed()) {
      this.#tray = this.#deps.createTray();
      if (this.#deps.platform === 'win32') {
        this.#tray.on('click', () => this.#deps.actions.showMain());
      }
    }
    this.#tray.setToolTip(text.tooltip);
    this.#tray.setContextMenu(this.#deps.buildMenu(trayMenuTemplate(text, this.#deps.actions, hotkey)));
  }

  destroy(): void {
    if (this.#tray && !this.#tray.isDestroyed()) this.#tray.destroy();
    this.#tray = null;
  }
}

import { EventEmitter } from 'node:events';
import type { MenuItemConstructorOptions } from 'electron';
import type { Rect } from '../../src/main/shell/quick-window.ts';

/** The app's two pages as the shell sees them in a build (served from parley://app/). */
export const pages = {
  mainPage: 'parley://app/index.html',
  quickPage: 'parley://app/quick.html',
};

/** Emits like Electron: returns whether a listener called preventDefault. */
export function emitPreventable(target: EventEmitter, event: string, ...args: unknown[]): boolean {
  let prevented = false;
  target.emit(event, { preventDefault: () => (prevented = true) }, ...args);
  return prevented;
}

let nextContentsId = 1;

/** A window's webContents: what it was sent and which addresses it loaded. */
export class FakeContents extends EventEmitter {
  readonly id = nextContentsId++;
  sent: unknown[][] = [];
  loaded: string[] = [];
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  async loadURL(url: string) {
    this.loaded.push(url);
  }
  isDestroyed() {
    return false;
  }
}

/** A BrowserWindow as the OS sees it: visible or not, focused or not, where; `log` keeps the order. */
export class FakeWindow extends EventEmitter {
  readonly webContents = new FakeContents();
  visible = false;
  focused = false;
  destroyed = false;
  minimized = false;
  maximized = false;
  bounds: Rect;
  log: string[] = [];
  constructor(bounds: Partial<Rect> = {}) {
    super();
    this.bounds = { x: 0, y: 0, width: 800, height: 600, ...bounds };
  }
  show() {
    this.visible = true;
    this.log.push('show');
  }
  hide() {
    this.visible = false;
    this.focused = false;
    this.log.push('hide');
  }
  focus() {
    this.focused = true;
    this.log.push('focus');
  }
  blur() {
    this.focused = false;
    this.log.push('blur');
  }
  restore() {
    this.minimized = false;
  }
  maximize() {
    this.maximized = true;
  }
  destroy() {
    this.destroyed = true;
    this.emit('closed');
  }
  /** The page has painted: a listener for 'ready-to-show' runs at once. */
  override once(event: string | symbol, listener: (...args: unknown[]) => void): this {
    if (event === 'ready-to-show') {
      listener();
      return this;
    }
    return super.once(event, listener);
  }
  /** What a real window does when closed: asks the listeners, then goes unless one said no. */
  close() {
    if (!emitPreventable(this, 'close')) this.destroy();
  }
  isVisible() {
    return this.visible;
  }
  isFocused() {
    return this.focused;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  isMaximized() {
    return this.maximized;
  }
  setBounds(b: Partial<Rect>) {
    this.bounds = { ...this.bounds, ...b };
  }
  getNormalBounds() {
    return this.bounds;
  }
}

/** A Tray: its tooltip and menu, and a click on a menu item by id. */
export class FakeTray extends EventEmitter {
  tooltip = '';
  menu: MenuItemConstructorOptions[] = [];
  destroyed = false;
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: unknown) {
    this.menu = menu as MenuItemConstructorOptions[];
  }
  destroy() {
    this.destroyed = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
  click(id: string) {
    (this.menu.find((i) => i.id === id)!.click as () => void)();
  }
}

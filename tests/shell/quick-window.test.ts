import { describe, expect, it } from 'vitest';
import {
  QUICK_MIN_HEIGHT,
  QuickWindowController,
  placeOn,
  quickWindowOptions,
} from '../../src/main/shell/quick-window.ts';
import { secureWebPreferences } from '../../src/main/shell/windows.ts';
import { FakeWindow, emitPreventable } from './electron-fakes.ts';

const leftScreen = { x: 0, y: 0, width: 1920, height: 1040 };
const rightScreen = { x: 1920, y: -200, width: 2560, height: 1400 };

function setup(options: { platform?: NodeJS.Platform; appFocused?: boolean } = {}) {
  const windows: FakeWindow[] = [];
  let cursor = { x: 100, y: 100 };
  let clock = 1_000;
  const appHidden: number[] = [];
  const quick = new QuickWindowController({
    create: () => {
      const w = new FakeWindow();
      windows.push(w);
      return w;
    },
    screen: {
      getCursorScreenPoint: () => cursor,
      getDisplayNearestPoint: (p) => ({ workArea: p.x >= 1920 ? rightScreen : leftScreen }),
    },
    platform: options.platform ?? 'linux',
    app: { hide: () => appHidden.push(clock) },
    isAppFocused: () => options.appFocused ?? false,
    now: () => clock,
  });
  return {
    quick,
    windows,
    appHidden,
    moveCursor: (p: { x: number; y: number }) => (cursor = p),
    tick: (ms: number) => (clock += ms),
  };
}

describe('quick-prompt window', () => {
  it('is created hidden at start-up, once', () => {
    const { quick, windows } = setup();
    quick.prepare();
    quick.prepare();
    expect(windows).toHaveLength(1);
    expect(windows[0]!.visible).toBe(false);
    expect(quick.isShown()).toBe(false);
  });

  it('has no frame, floats on top, stays out of the taskbar and keeps the secure preferences', () => {
    const options = quickWindowOptions(secureWebPreferences('/app/preload.js', { devTools: false }), 'linux');
    expect(options).toMatchObject({
      show: false,
      frame: false,
      alwaysOnTop: true,
      skipTaskbar: true,
      resizable: false,
    });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      enablePreferredSizeMode: true,
    });
    expect(quickWindowOptions({}, 'darwin').type).toBe('panel');
  });

  it('toggles: shows focused, hides when in front, comes forward when behind', () => {
    const { quick, windows } = setup();
    quick.toggle();
    const w = windows[0]!;
    expect(w.visible && w.focused).toBe(true);
    quick.toggle();
    expect(w.visible).toBe(false);
    quick.toggle();
    w.focused = false; // another window came in front without hiding it (grace period)
    quick.toggle();
    expect(w.visible && w.focused).toBe(true);
    expect(windows).toHaveLength(1);
  });

  it('opens on the display under the mouse, centred near the top', () => {
    const { quick, windows, moveCursor } = setup();
    moveCursor({ x: 2500, y: 300 });
    quick.show();
    expect(windows[0]!.bounds).toEqual({
      x: 1920 + (2560 - 680) / 2,
      y: -200 + 280,
      width: 680,
      height: QUICK_MIN_HEIGHT,
    });
    quick.hide();
    moveCursor({ x: 10, y: 10 });
    quick.show();
    expect(windows[0]!.bounds).toMatchObject({ x: (1920 - 680) / 2, y: 208 });
  });

  it('grows with its content up to the bottom of the display', () => {
    const { quick, windows } = setup();
    quick.show();
    const w = windows[0]!;
    w.webContents.emit('preferred-size-changed', {}, { width: 600, height: 400 });
    expect(w.bounds.height).toBe(400);
    w.webContents.emit('preferred-size-changed', {}, { width: 600, height: 5000 });
    expect(w.bounds.height).toBe(placeOn(leftScreen, 5000).maxHeight);
    expect(w.bounds.y + w.bounds.height).toBeLessThanOrEqual(leftScreen.height);
    w.webContents.emit('preferred-size-changed', {}, { width: 600, height: 10 });
    expect(w.bounds.height).toBe(QUICK_MIN_HEIGHT);
  });

  it('gives focus back on Windows and Linux by letting go of it before hiding', () => {
    const { quick, windows } = setup({ platform: 'win32' });
    quick.show();
    quick.hide();
    expect(windows[0]!.log).toEqual(['show', 'focus', 'blur', 'hide']);
  });

  it('gives focus back on macOS by hiding Parley, unless a Parley window had it', () => {
    const other = setup({ platform: 'darwin', appFocused: false });
    other.quick.show();
    other.quick.hide();
    expect(other.appHidden).toHaveLength(1);

    const own = setup({ platform: 'darwin', appFocused: true });
    own.quick.show();
    own.quick.hide();
    expect(own.appHidden).toHaveLength(0);
    expect(own.windows[0]!.visible).toBe(false);
  });

  it('hides when the person clicks elsewhere, but not on the focus flicker right after showing', () => {
    const { quick, windows, tick } = setup();
    quick.show();
    const w = windows[0]!;
    w.emit('blur');
    expect(w.visible).toBe(true);
    tick(1000);
    w.emit('blur');
    expect(w.visible).toBe(false);
  });

  it('hides instead of closing, until Parley quits', () => {
    const { quick, windows } = setup();
    quick.show();
    const w = windows[0]!;
    expect(emitPreventable(w, 'close')).toBe(true);
    expect(w.visible).toBe(false);
    quick.destroy();
    expect(w.destroyed).toBe(true);
    expect(quick.window).toBeNull();
  });

  it('is made again if it was destroyed', () => {
    const { quick, windows } = setup();
    quick.prepare();
    windows[0]!.destroy();
    quick.show();
    expect(windows).toHaveLength(2);
    expect(windows[1]!.visible).toBe(true);
  });

  it('hides on request, saying whether it was shown; a hand-off to the main window keeps focus in Parley', () => {
    const { quick, windows, appHidden } = setup({ platform: 'darwin' });
    expect(quick.hide()).toBe(false);
    quick.show();
    expect(quick.hide()).toBe(true);
    expect(windows[0]!.visible).toBe(false);
    expect(appHidden).toHaveLength(1); // macOS: Parley steps aside so the previous app gets focus

    quick.show();
    quick.handOff();
    expect(windows[0]!.visible).toBe(false);
    expect(appHidden).toHaveLength(1); // not this time: the main window takes focus
  });

  it('reads no messages from navigations (the page asks through requests)', () => {
    const { quick, windows } = setup();
    quick.show();
    expect(windows[0]!.webContents.listenerCount('will-navigate')).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { SavedBounds, Timers } from '../../src/main/shell/lifecycle.ts';
import { FakeWindow } from './electron-fakes.ts';
import {
  DEFAULT_MAIN_SIZE,
  applyLaunchAtLogin,
  autostartEntry,
  commandLine,
  hasFlag,
  isWaylandSession,
  launchCommand,
  mainCloseAction,
  quoteExecArg,
  rememberBounds,
  restoreBounds,
} from '../../src/main/shell/lifecycle.ts';

class ManualTimers implements Timers {
  now = 0;
  queue = new Map<number, { at: number; fn: () => void }>();
  next = 1;
  setTimeout(fn: () => void, ms: number) {
    const id = this.next++;
    this.queue.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.queue.delete(handle as number);
  }
  advance(ms: number) {
    this.now += ms;
    for (const [id, t] of [...this.queue]) {
      if (t.at <= this.now) {
        this.queue.delete(id);
        t.fn();
      }
    }
  }
}

describe('remembered window bounds', () => {
  it('saves once, shortly after the window stops moving', () => {
    const timers = new ManualTimers();
    const window = new FakeWindow({ x: 10, y: 20, width: 1000, height: 700 });
    const saved: SavedBounds[] = [];
    rememberBounds(window, (b) => saved.push(b), { timers, delayMs: 500 });
    for (let i = 0; i < 10; i++) {
      window.bounds = { ...window.bounds, x: 10 + i };
      window.emit('move');
      timers.advance(100);
    }
    expect(saved).toEqual([]);
    timers.advance(500);
    expect(saved).toEqual([{ x: 19, y: 20, width: 1000, height: 700, maximized: false }]);
  });

  it('saves at once on close, and keeps the normal size of a maximized window', () => {
    const timers = new ManualTimers();
    const window = new FakeWindow({ x: 10, y: 20, width: 1000, height: 700 });
    const saved: SavedBounds[] = [];
    rememberBounds(window, (b) => saved.push(b), { timers });
    window.maximized = true;
    window.emit('maximize');
    window.emit('close', { preventDefault() {} });
    expect(saved).toEqual([{ x: 10, y: 20, width: 1000, height: 700, maximized: true }]);
    timers.advance(1000);
    expect(saved).toHaveLength(1); // nothing changed since
  });

  it('never lets a failing save disturb closing', () => {
    const window = new FakeWindow({ x: 10, y: 20, width: 1000, height: 700 });
    rememberBounds(window, () => {
      throw new Error('disk full');
    });
    expect(() => window.emit('close', { preventDefault() {} })).not.toThrow();
  });

  it('restores bounds that are still on a display, and only the size when the display is gone', () => {
    const screens = [{ x: 0, y: 0, width: 1920, height: 1040 }];
    expect(restoreBounds(null, screens)).toEqual({ bounds: DEFAULT_MAIN_SIZE, maximized: false });
    const onScreen = { x: 100, y: 50, width: 900, height: 600, maximized: true };
    expect(restoreBounds(onScreen, screens)).toEqual({
      bounds: { x: 100, y: 50, width: 900, height: 600 },
      maximized: true,
    });
    const unplugged = { x: 2500, y: 50, width: 900, height: 600, maximized: false };
    expect(restoreBounds(unplugged, screens)).toEqual({
      bounds: { width: 900, height: 600 },
      maximized: false,
    });
    const titleOffTop = { x: 100, y: -500, width: 900, height: 600, maximized: false };
    expect(restoreBounds(titleOffTop, screens).bounds).toEqual({ width: 900, height: 600 });
  });
});

describe('closing the main window', () => {
  it('keeps Parley in the tray when asked, quits otherwise, and lets macOS keep it in the Dock', () => {
    expect(mainCloseAction({ quitting: false, closeToTray: true, platform: 'win32' })).toBe('hide');
    expect(mainCloseAction({ quitting: false, closeToTray: false, platform: 'linux' })).toBe('quit');
    expect(mainCloseAction({ quitting: false, closeToTray: false, platform: 'darwin' })).toBe('close');
    expect(mainCloseAction({ quitting: true, closeToTray: true, platform: 'linux' })).toBe('close');
  });
});

describe('launch at login', () => {
  const files = () => {
    const written = new Map<string, string>();
    return {
      written,
      write: (p: string, c: string) => void written.set(p, c),
      remove: (p: string) => void written.delete(p),
    };
  };

  it('uses the OS login items on macOS and Windows, starting in the tray', () => {
    const calls: unknown[] = [];
    const deps = (platform: NodeJS.Platform) => ({
      platform,
      app: { setLoginItemSettings: (s: unknown) => void calls.push(s) },
      autostartFile: '/unused',
      command: ['/unused'],
      files: files(),
    });
    applyLaunchAtLogin(true, deps('win32'));
    applyLaunchAtLogin(false, deps('darwin'));
    expect(calls).toEqual([
      { openAtLogin: true, args: ['--hidden'] },
      { openAtLogin: false, args: [] },
    ]);
  });

  it('writes and removes an XDG autostart entry on Linux', () => {
    const f = files();
    const deps = {
      platform: 'linux' as const,
      app: { setLoginItemSettings: () => expect.unreachable() },
      autostartFile: '/home/ann/.config/autostart/parley.desktop',
      command: ['/opt/My Apps/Parley.AppImage'],
      files: f,
    };
    applyLaunchAtLogin(true, deps);
    const entry = f.written.get(deps.autostartFile)!;
    expect(entry).toContain('Exec="/opt/My Apps/Parley.AppImage" --hidden\n');
    expect(entry).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Parley\n/);
    applyLaunchAtLogin(false, deps);
    expect(f.written.size).toBe(0);
  });

  it('quotes Exec arguments as the desktop entry spec says', () => {
    expect(quoteExecArg('/usr/bin/parley')).toBe('/usr/bin/parley');
    expect(quoteExecArg('/a b/$HOME"x`\\')).toBe('"/a b/\\$HOME\\"x\\`\\\\"');
    expect(autostartEntry(['/usr/lib/parley/parley', '/usr/lib/parley/app'])).toContain(
      'Exec=/usr/lib/parley/parley /usr/lib/parley/app --hidden',
    );
  });

  it('writes a command line a person can paste', () => {
    expect(commandLine(['/opt/Parley/parley', '--quick'])).toBe('/opt/Parley/parley --quick');
    expect(commandLine(["/home/ann/My Apps/it's.AppImage", '--quick'])).toBe(
      "'/home/ann/My Apps/it'\\''s.AppImage' --quick",
    );
  });

  it('starts the AppImage, the packaged executable, or Electron with the app folder', () => {
    expect(
      launchCommand({
        execPath: '/tmp/.mount/parley',
        appPath: null,
        env: { APPIMAGE: '/home/a/Parley.AppImage' },
      }),
    ).toEqual(['/home/a/Parley.AppImage']);
    expect(launchCommand({ execPath: '/opt/Parley/parley', appPath: null, env: {} })).toEqual([
      '/opt/Parley/parley',
    ]);
    expect(launchCommand({ execPath: '/x/electron', appPath: '/src/parley', env: {} })).toEqual([
      '/x/electron',
      '/src/parley',
    ]);
  });
});

describe('command line', () => {
  it('finds --quick wherever Chromium put it', () => {
    expect(hasFlag(['/opt/Parley/parley', '--no-sandbox', '--quick'], '--quick')).toBe(true);
    expect(hasFlag(['/opt/Parley/parley', '--quick-start'], '--quick')).toBe(false);
  });

  it('recognises Wayland sessions on Linux only', () => {
    expect(isWaylandSession({ XDG_SESSION_TYPE: 'wayland' }, 'linux')).toBe(true);
    expect(isWaylandSession({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(isWaylandSession({ XDG_SESSION_TYPE: 'x11' }, 'linux')).toBe(false);
    expect(isWaylandSession({ XDG_SESSION_TYPE: 'wayland' }, 'darwin')).toBe(false);
  });
});

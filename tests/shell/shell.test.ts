import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSettings } from '../../src/main/core/store/settings.ts';
import type { SettingsStore } from '../../src/main/core/store/settings.ts';
import { EVENT_CHANNEL, electronTransport } from '../../src/main/ipc.ts';
import type { HotkeyStatus } from '../../src/main/shell/hotkey.ts';
import { shellHandlers } from '../../src/main/shell/shell-handlers.ts';
import { startShell } from '../../src/main/shell/shell.ts';
import { FakeTray, FakeWindow, pages } from './electron-fakes.ts';

class FakeApp extends EventEmitter {
  quits = 0;
  hides = 0;
  loginItems: unknown[] = [];
  openedAtLogin = false;
  quit() {
    this.quits++;
    this.emit('before-quit');
    this.emit('will-quit');
  }
  hide() {
    this.hides++;
  }
  getLocale() {
    return 'en-US';
  }
  setLoginItemSettings(s: unknown) {
    this.loginItems.push(s);
  }
  getLoginItemSettings() {
    return { wasOpenedAtLogin: this.openedAtLogin };
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A real settings store over an in-memory file. */
function memorySettings(): SettingsStore {
  const dir = mkdtempSync(join(tmpdir(), 'parley-shell-'));
  dirs.push(dir);
  return openSettings({ dataDir: dir, factory: () => ({ store: {}, path: join(dir, 'config.json') }) })
    .settings;
}

function setup(
  options: { argv?: string[]; platform?: NodeJS.Platform; settings?: SettingsStore; taken?: string[] } = {},
) {
  const app = new FakeApp();
  const settings = options.settings ?? memorySettings();
  const mains: FakeWindow[] = [];
  const quicks: FakeWindow[] = [];
  const trays: FakeTray[] = [];
  const registered = new Map<string, () => void>();
  const statuses: HotkeyStatus[] = [];
  const autostart = new Map<string, string>();
  const shell = startShell({
    platform: options.platform ?? 'linux',
    argv: options.argv ?? ['/opt/Parley/parley'],
    env: {},
    app,
    globalShortcut: {
      register: (acc, cb) => {
        if (options.taken?.includes(acc)) return false;
        registered.set(acc, cb);
        return true;
      },
      unregister: (acc) => void registered.delete(acc),
    },
    screen: {
      getCursorScreenPoint: () => ({ x: 10, y: 10 }),
      getDisplayNearestPoint: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
      getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
    },
    settings,
    pages,
    // The real IPC transport's Peers, so app.navigate goes the way every event goes.
    peerFor: electronTransport({ handle() {}, removeHandler() {} }, () => true).peerFor,
    createMainWindow: (bounds, url) => {
      const w = new FakeWindow(bounds);
      w.webContents.loaded.push(url);
      mains.push(w);
      return w;
    },
    createQuickWindow: () => {
      const w = new FakeWindow();
      quicks.push(w);
      return w;
    },
    createTray: () => {
      const t = new FakeTray();
      trays.push(t);
      return t;
    },
    buildMenu: (template) => template,
    isAppFocused: () => [...mains, ...quicks].some((w) => w.focused),
    onHotkeyStatus: (s) => statuses.push(s),
    autostart: {
      file: '/home/ann/.config/autostart/parley.desktop',
      command: ['/opt/Parley/parley'],
      files: { write: (p, c) => void autostart.set(p, c), remove: (p) => void autostart.delete(p) },
    },
  });
  return { shell, app, settings, mains, quicks, trays, registered, statuses, autostart };
}

describe('desktop shell', () => {
  it('starts with the main window shown, the quick window made hidden, the hotkey and the tray', () => {
    const { mains, quicks, trays, registered, statuses } = setup();
    expect(mains).toHaveLength(1);
    expect(mains[0]!.visible).toBe(true);
    expect(quicks).toHaveLength(1);
    expect(quicks[0]!.visible).toBe(false);
    expect([...registered.keys()]).toEqual(['CommandOrControl+Shift+Space']);
    expect(statuses.at(-1)).toEqual({ registered: true, message: null });
    expect(trays[0]!.menu.map((i) => i.id)).toEqual(['new-chat', 'quick-prompt', 'show', undefined, 'quit']);
  });

  it('toggles the quick window with the hotkey', () => {
    const { quicks, registered } = setup();
    registered.get('CommandOrControl+Shift+Space')!();
    expect(quicks[0]!.visible && quicks[0]!.focused).toBe(true);
    registered.get('CommandOrControl+Shift+Space')!();
    expect(quicks[0]!.visible).toBe(false);
  });

  it('re-registers when the hotkey setting changes, and reports a taken one', () => {
    const { settings, registered, statuses } = setup({ taken: ['Control+Alt+T'] });
    settings.update({ hotkey: 'Alt+Shift+P' });
    expect([...registered.keys()]).toEqual(['Alt+Shift+P']);
    settings.update({ hotkey: 'Control+Alt+T' });
    expect(statuses.at(-1)).toMatchObject({
      registered: false,
      message: expect.stringContaining('already used by another app'),
    });
    expect([...registered.keys()]).toEqual(['Alt+Shift+P']);
  });

  it('opens the quick prompt, not the main window, when launched with --quick', () => {
    const { mains, quicks } = setup({ argv: ['/opt/Parley/parley', '--quick'] });
    expect(mains).toHaveLength(0);
    expect(quicks[0]!.visible).toBe(true);
  });

  it('hands a second launch to the running instance: --quick toggles the prompt, otherwise Parley comes forward', () => {
    const { shell, mains, quicks } = setup();
    mains[0]!.hide();
    shell.secondInstance(['/opt/Parley/parley', '--no-sandbox', '--quick']);
    expect(quicks[0]!.visible).toBe(true);
    expect(mains[0]!.visible).toBe(false);
    shell.secondInstance(['/opt/Parley/parley', '--quick']);
    expect(quicks[0]!.visible).toBe(false);
    mains[0]!.minimized = true;
    shell.secondInstance(['/opt/Parley/parley']);
    expect(mains).toHaveLength(1);
    expect(mains[0]!).toMatchObject({ visible: true, focused: true, minimized: false });
  });

  it('Open in Parley shows the conversation in the main window (sending app.navigate)', () => {
    const { shell, mains, quicks, registered } = setup();
    registered.get('CommandOrControl+Shift+Space')!();
    const quick = quicks[0]!;
    shell.openInMain('conv-1');
    expect(quick.visible).toBe(false);
    expect(mains[0]!.visible && mains[0]!.focused).toBe(true);
    expect(mains[0]!.webContents.sent).toEqual([
      [EVENT_CHANNEL, 'app.navigate', { conversationId: 'conv-1' }],
    ]);
  });

  it('Open in Parley makes the main window, at that conversation, when there is none', () => {
    const { shell, mains, quicks } = setup({ argv: ['parley', '--quick'] });
    shell.openInMain('conv-2');
    expect(quicks[0]!.visible).toBe(false);
    expect(mains).toHaveLength(1);
    expect(mains[0]!.webContents.loaded).toEqual([`${pages.mainPage}#c=conv-2`]);
    expect(mains[0]!.visible).toBe(true);
  });

  it('answers the quick page’s requests: app.hideQuick hides it, app.openInMain hands over', async () => {
    const { shell, mains, quicks, registered } = setup();
    const handlers = shellHandlers(() => shell);
    const ctx = { peer: { id: 'quick', send() {}, onClose() {} } };
    expect(await handlers['app.hideQuick']({}, ctx)).toEqual({ hidden: false });
    registered.get('CommandOrControl+Shift+Space')!();
    expect(await handlers['app.hideQuick']({}, ctx)).toEqual({ hidden: true });
    expect(quicks[0]!.visible).toBe(false);

    registered.get('CommandOrControl+Shift+Space')!();
    expect(await handlers['app.openInMain']({ conversationId: 'conv-3' }, ctx)).toEqual({ navigateTo: null });
    expect(quicks[0]!.visible).toBe(false);
    expect(mains[0]!.webContents.sent.at(-1)).toEqual([
      EVENT_CHANNEL,
      'app.navigate',
      { conversationId: 'conv-3' },
    ]);
    // Before the shell exists no window can ask; the answer is still well-formed.
    expect(await shellHandlers(() => null)['app.hideQuick']({}, ctx)).toEqual({ hidden: false });
  });

  it('tray: Quick prompt, Show Parley, New chat and Quit', () => {
    const { app, mains, quicks, trays, registered } = setup();
    const tray = trays[0]!;
    mains[0]!.hide();
    tray.click('quick-prompt');
    expect(quicks[0]!.visible).toBe(true);
    tray.click('show');
    expect(mains[0]!.visible).toBe(true);
    tray.click('new-chat');
    expect(mains[0]!.webContents.loaded.at(-1)).toBe(`${pages.mainPage}#new`);
    tray.click('quit');
    expect(app.quits).toBe(1);
    expect(quicks[0]!.destroyed).toBe(true);
    expect(registered.size).toBe(0);
    expect(tray.destroyed).toBe(true);
  });

  it('closing the main window keeps Parley in the tray; with that off, Parley quits', () => {
    const { app, settings, mains } = setup();
    mains[0]!.close();
    expect(mains[0]!.destroyed).toBe(false);
    expect(mains[0]!.visible).toBe(false);
    expect(app.quits).toBe(0);
    settings.update({ closeToTray: false });
    mains[0]!.close();
    expect(app.quits).toBe(1);
    expect(mains[0]!.destroyed).toBe(true);
  });

  it('remembers the main window’s bounds and opens there next time', () => {
    const settings = memorySettings();
    const first = setup({ settings });
    const w = first.mains[0]!;
    w.bounds = { x: 120, y: 80, width: 1000, height: 700 };
    w.maximized = true;
    w.emit('maximize');
    w.close(); // hidden to the tray, bounds saved at once
    expect(settings.get('windowBounds')).toEqual({
      x: 120,
      y: 80,
      width: 1000,
      height: 700,
      maximized: true,
    });
    first.app.quit();

    const second = setup({ settings });
    expect(second.mains[0]!.bounds).toMatchObject({ x: 120, y: 80, width: 1000, height: 700 });
    expect(second.mains[0]!.maximized).toBe(true);
  });

  it('applies launch at login when the setting changes, and starts in the tray when launched at login', () => {
    const { settings, autostart } = setup();
    settings.update({ launchAtLogin: true });
    expect(autostart.get('/home/ann/.config/autostart/parley.desktop')).toContain(
      'Exec=/opt/Parley/parley --hidden',
    );
    settings.update({ launchAtLogin: false });
    expect(autostart.size).toBe(0);

    const win = setup({ platform: 'win32' });
    win.settings.update({ launchAtLogin: true });
    expect(win.app.loginItems).toEqual([{ openAtLogin: true, args: ['--hidden'] }]);

    const atLogin = setup({ argv: ['parley', '--hidden'] });
    expect(atLogin.mains).toHaveLength(0);
    expect(atLogin.quicks).toHaveLength(1);
  });

  it('follows the language setting in the tray menu', () => {
    const { settings, trays } = setup();
    settings.update({ language: 'zh-CN' });
    expect(trays[0]!.menu[1]!.label).toBe('快速提问');
  });
});

import { describe, expect, it } from 'vitest';
import type { HotkeyStatus } from '../../src/main/shell/hotkey.ts';
import { HotkeyController } from '../../src/main/shell/hotkey.ts';

/** Electron's globalShortcut as another app sees it: some shortcuts are already taken. */
class FakeGlobalShortcut {
  registered = new Map<string, () => void>();
  takenByOthers = new Set<string>();
  calls: string[] = [];
  register(accelerator: string, callback: () => void): boolean {
    this.calls.push(`register ${accelerator}`);
    if (this.takenByOthers.has(accelerator) || this.registered.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }
  unregister(accelerator: string): void {
    this.calls.push(`unregister ${accelerator}`);
    this.registered.delete(accelerator);
  }
  press(accelerator: string): void {
    this.registered.get(accelerator)?.();
  }
}

/** Just the settings store's `get('hotkey')` and `subscribe`. */
class FakeHotkeySettings {
  hotkey: string;
  listeners = new Set<(next: { hotkey: string }, previous: { hotkey: string }) => void>();
  constructor(hotkey: string) {
    this.hotkey = hotkey;
  }
  get(_key: 'hotkey') {
    return this.hotkey;
  }
  subscribe(listener: (next: { hotkey: string }, previous: { hotkey: string }) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(hotkey: string) {
    const previous = { hotkey: this.hotkey };
    this.hotkey = hotkey;
    for (const l of this.listeners) l({ hotkey }, previous);
  }
}

function setup(options: { wayland?: boolean; platform?: NodeJS.Platform; quickCommand?: string } = {}) {
  const shortcuts = new FakeGlobalShortcut();
  const statuses: HotkeyStatus[] = [];
  let presses = 0;
  const hotkey = new HotkeyController({
    globalShortcut: shortcuts,
    onPress: () => presses++,
    platform: options.platform ?? 'linux',
    wayland: options.wayland,
    quickCommand: options.quickCommand,
    onStatus: (s) => statuses.push(s),
  });
  return { shortcuts, statuses, hotkey, presses: () => presses };
}

describe('global hotkey', () => {
  it('registers the hotkey from settings and runs the action when pressed', () => {
    const { shortcuts, hotkey, statuses, presses } = setup();
    hotkey.follow(new FakeHotkeySettings('CommandOrControl+Shift+Space'));
    expect([...shortcuts.registered.keys()]).toEqual(['CommandOrControl+Shift+Space']);
    expect(statuses.at(-1)).toEqual({ registered: true, message: null });
    shortcuts.press('CommandOrControl+Shift+Space');
    expect(presses()).toBe(1);
  });

  it('registers the new shortcut and unregisters the old one when the setting changes', () => {
    const { shortcuts, hotkey } = setup();
    const settings = new FakeHotkeySettings('CommandOrControl+Shift+Space');
    hotkey.follow(settings);
    settings.set('Alt+Shift+K');
    expect([...shortcuts.registered.keys()]).toEqual(['Alt+Shift+K']);
    expect(shortcuts.calls).toEqual([
      'register CommandOrControl+Shift+Space',
      'register Alt+Shift+K',
      'unregister CommandOrControl+Shift+Space',
    ]);
    expect(hotkey.active).toBe('Alt+Shift+K');
  });

  it('reports a shortcut another app holds in plain words, and keeps the one that worked', () => {
    const { shortcuts, hotkey, statuses } = setup();
    shortcuts.takenByOthers.add('Control+Alt+T');
    const settings = new FakeHotkeySettings('CommandOrControl+Shift+Space');
    hotkey.follow(settings);
    settings.set('Control+Alt+T');
    const status = statuses.at(-1)!;
    expect(status.registered).toBe(false);
    expect(status.message).toBe(
      'Ctrl+Alt+T is already used by another app, so Parley cannot use it. Record another shortcut in Settings, or free it in the other app. Parley still answers to Ctrl+Shift+Space.',
    );
    expect(hotkey.status).toEqual(status);
    expect([...shortcuts.registered.keys()]).toEqual(['CommandOrControl+Shift+Space']);
  });

  it('reports a failure at start-up too, when nothing was registered before', () => {
    const { shortcuts, hotkey } = setup({ platform: 'darwin' });
    shortcuts.takenByOthers.add('CommandOrControl+Shift+Space');
    const status = hotkey.apply('CommandOrControl+Shift+Space');
    expect(status).toEqual({
      registered: false,
      message:
        '⇧⌘Space is already used by another app, so Parley cannot use it. Record another shortcut in Settings, or free it in the other app.',
    });
  });

  it('refuses shortcuts that would steal typing, and ones the system rejects', () => {
    const { shortcuts, hotkey } = setup();
    for (const bad of ['A', 'Shift+A', 'Ctrl+Shift', 'Ctrl+A+B', 'Ctrl+Wat']) {
      const status = hotkey.apply(bad);
      expect(status.registered, bad).toBe(false);
      expect(status.message, bad).toMatch(
        /cannot be the quick-prompt shortcut: .+\. Record another one in Settings\./,
      );
    }
    expect(shortcuts.calls).toEqual([]);
    // Parses, but Electron throws (a conversion failure): reported, never thrown.
    const fake = setup();
    fake.shortcuts.register = () => {
      throw new TypeError('conversion failure');
    };
    expect(fake.hotkey.apply('Alt+Space')).toEqual({
      registered: false,
      message: 'Alt+Space is not a shortcut this system accepts. Record another one in Settings.',
    });
  });

  it('adds the Wayland hint when it registered in a Wayland session', () => {
    const { hotkey } = setup({ wayland: true, quickCommand: '/opt/Parley/parley --quick' });
    const status = hotkey.apply('Super+Space');
    expect(status.registered).toBe(true);
    expect(status.message).toBe(
      'If it does nothing while another app has focus (Wayland may not let apps take shortcuts), bind the command /opt/Parley/parley --quick to a key in your desktop’s keyboard settings.',
    );
  });

  it('gives the shortcut back at quit and stops following settings after unsubscribing', () => {
    const { shortcuts, hotkey } = setup();
    const settings = new FakeHotkeySettings('Alt+Space');
    const stop = hotkey.follow(settings);
    stop();
    settings.set('Alt+K');
    expect(hotkey.active).toBe('Alt+Space');
    hotkey.dispose();
    expect(shortcuts.registered.size).toBe(0);
    expect(hotkey.status.registered).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { TrayController, trayLabels, trayMenuTemplate } from '../../src/main/shell/tray.ts';
import { trayIconFor, windowIconFor } from '../../src/main/shell/tray-icon.ts';
import { FakeTray } from './electron-fakes.ts';

function setup(platform: NodeJS.Platform = 'linux') {
  const done: string[] = [];
  const trays: FakeTray[] = [];
  const tray = new TrayController({
    createTray: () => {
      const t = new FakeTray();
      trays.push(t);
      return t;
    },
    // Menu.buildFromTemplate stands in as the identity: the test reads the template.
    buildMenu: (template) => template,
    platform,
    actions: {
      newChat: () => done.push('new chat'),
      quickPrompt: () => done.push('quick prompt'),
      showMain: () => done.push('show'),
      quit: () => done.push('quit'),
    },
  });
  const click = (id: string) => {
    const item = trays.at(-1)!.menu.find((i) => i.id === id)!;
    (item.click as () => void)();
  };
  return { tray, trays, done, click };
}

describe('tray', () => {
  it('offers New chat, Quick prompt, Show Parley and Quit, each doing what it says', () => {
    const { tray, trays, done, click } = setup();
    tray.update(trayLabels('en', 'en-US'), 'CommandOrControl+Shift+Space');
    const menu = trays[0]!.menu;
    expect(menu.map((i) => i.label ?? i.type)).toEqual([
      'New chat',
      'Quick prompt',
      'Show Parley',
      'separator',
      'Quit Parley',
    ]);
    for (const id of ['new-chat', 'quick-prompt', 'show', 'quit']) click(id);
    expect(done).toEqual(['new chat', 'quick prompt', 'show', 'quit']);
  });

  it('shows the hotkey beside Quick prompt without registering it a second time', () => {
    const menu = trayMenuTemplate(
      trayLabels('en', 'en'),
      { newChat() {}, quickPrompt() {}, showMain() {}, quit() {} },
      'Alt+Space',
    );
    expect(menu[1]).toMatchObject({ accelerator: 'Alt+Space', registerAccelerator: false });
    const none = trayMenuTemplate(
      trayLabels('en', 'en'),
      { newChat() {}, quickPrompt() {}, showMain() {}, quit() {} },
      null,
    );
    expect(none[1]!.accelerator).toBeUndefined();
  });

  it('speaks the chosen language, or the system’s', () => {
    expect(trayLabels('system', 'zh-CN').quickPrompt).toBe('快速提问');
    expect(trayLabels('en', 'zh-CN').quit).toBe('Quit Parley');
    expect(trayLabels('zh-CN', 'en-US').showMain).toBe('显示 Parley');
  });

  it('keeps one icon and updates its menu in place', () => {
    const { tray, trays } = setup();
    tray.update(trayLabels('en', 'en'), null);
    tray.update(trayLabels('zh-CN', 'en'), 'Alt+Space');
    expect(trays).toHaveLength(1);
    expect(trays[0]!.menu[0]!.label).toBe('新对话');
    tray.destroy();
    expect(trays[0]!.destroyed).toBe(true);
  });

  it('shows Parley on a click of the icon on Windows; elsewhere the click opens the menu', () => {
    const win = setup('win32');
    win.tray.update(trayLabels('en', 'en'), null);
    win.trays[0]!.emit('click');
    expect(win.done).toEqual(['show']);
    const linux = setup('linux');
    linux.tray.update(trayLabels('en', 'en'), null);
    expect(linux.trays[0]!.listenerCount('click')).toBe(0);
  });

  it('uses a template image on macOS and a coloured one elsewhere, at 1x and 2x', () => {
    const mac = trayIconFor('darwin');
    expect(mac.template).toBe(true);
    const win = trayIconFor('win32');
    expect(win.template).toBe(false);
    for (const url of [mac.x1, mac.x2, win.x1, win.x2]) {
      const png = Buffer.from(url.replace('data:image/png;base64,', ''), 'base64');
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
    const width = (url: string) => Buffer.from(url.split(',')[1]!, 'base64').readUInt32BE(16);
    expect([width(win.x1), width(win.x2)]).toEqual([16, 32]);
    expect([width(mac.x1), width(mac.x2)]).toEqual([16, 32]);
  });

  it('gives the windows Parley’s own 256 px icon on Linux and Windows, and leaves macOS to the bundle', () => {
    expect(windowIconFor('darwin')).toBeNull();
    for (const platform of ['linux', 'win32'] as const) {
      const png = Buffer.from(windowIconFor(platform)!.split(',')[1]!, 'base64');
      expect([png.subarray(1, 4).toString(), png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([
        'PNG',
        256,
        256,
      ]);
    }
  });
});

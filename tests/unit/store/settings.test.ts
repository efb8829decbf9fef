import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSettings } from '../../../src/main/core/store/settings.ts';
import type { SettingsBacking } from '../../../src/main/core/store/settings.ts';
import { defaultSettings, settingsJsonSchema } from '../../../src/main/core/store/settings-schema.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-settings-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const fileOf = () => join(dataDir, 'config.json');
const readFile = () => JSON.parse(readFileSync(fileOf(), 'utf8'));

describe('settings', () => {
  it('starts with defaults and writes config.json (the name electron-store uses)', () => {
    const { settings, notices } = openSettings({ dataDir });
    expect(notices).toEqual([]);
    expect(settings.path).toBe(fileOf());
    const s = settings.get();
    expect(s.hotkey).toBe('CommandOrControl+Shift+Space');
    expect(s.theme).toBe('system');
    expect(s.language).toBe('system');
    expect(s.quickPrompt).toEqual({ saveExchanges: true, prefillFromClipboard: false });
    expect(s.closeToTray).toBe(true);
    expect(s.launchAtLogin).toBe(false);
    expect(s.providers.map((p) => p.id)).toEqual(['openai']);
    expect(readFile()).toMatchObject({ schemaVersion: 1, hotkey: 'CommandOrControl+Shift+Space' });
  });

  it('updates typed fields, notifies subscribers, and keeps changes across a reopen', () => {
    const { settings } = openSettings({ dataDir });
    const seen: string[][] = [];
    const off = settings.subscribe((next, prev, changed) => {
      seen.push(changed);
      expect(prev.theme).toBe('system');
      expect(next.theme).toBe('dark');
    });
    settings.update({ theme: 'dark', windowBounds: { width: 900, height: 700, maximized: false } });
    off();
    settings.update({ language: 'zh-CN' });
    expect(seen).toEqual([['theme', 'windowBounds']]);
    const again = openSettings({ dataDir }).settings;
    expect(again.get('theme')).toBe('dark');
    expect(again.get('language')).toBe('zh-CN');
    expect(again.get('windowBounds')).toEqual({ width: 900, height: 700, maximized: false });
  });

  it('refuses a bad update in plain words and saves nothing', () => {
    const { settings } = openSettings({ dataDir });
    const before = readFileSync(fileOf(), 'utf8');
    expect(() => settings.update({ theme: 'neon' as 'dark' })).toThrow(/theme/);
    const tooMany = Array.from({ length: 9 }, (_, i) => ({ providerId: 'openai', model: `m${i}` }));
    expect(() => settings.update({ failoverChain: tooMany })).toThrow(/at most 8 models/);
    expect(readFileSync(fileOf(), 'utf8')).toBe(before);
    expect(settings.get('theme')).toBe('system');
  });

  it('moves a corrupt settings file aside (timestamped), restores defaults and says so', () => {
    writeFileSync(fileOf(), '{"theme": "dark", oops');
    const { settings, notices } = openSettings({ dataDir });
    expect(settings.get()).toEqual(defaultSettings());
    expect(notices).toHaveLength(1);
    expect(notices[0]!.kind).toBe('settings-corrupt');
    expect(notices[0]!.message).toMatch(/could not be read/);
    const kept = readdirSync(dataDir).filter((n) => /^config\.corrupt-\d{4}-\d\d-\d\dT.*\.json$/.test(n));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dataDir, kept[0]!), 'utf8')).toBe('{"theme": "dark", oops');
    expect(readFile().theme).toBe('system');
  });

  it('keeps the valid fields of a file with some invalid ones', () => {
    writeFileSync(
      fileOf(),
      JSON.stringify({ schemaVersion: 1, theme: 'dark', hotkey: 42, language: 'klingon' }),
    );
    const { settings, notices } = openSettings({ dataDir });
    expect(settings.get('theme')).toBe('dark');
    expect(settings.get('hotkey')).toBe('CommandOrControl+Shift+Space');
    expect(notices[0]!.kind).toBe('settings-invalid-fields');
    expect(notices[0]!.message).toMatch(/hotkey, language/);
    expect(existsSync(notices[0]!.keptAt!)).toBe(true);
  });

  it('migrates a pre-release file and takes the plain-text key out of it', () => {
    writeFileSync(
      fileOf(),
      JSON.stringify({ darkMode: true, shortcut: 'Alt+Space', openaiApiKey: 'sk-legacy-0123456789' }),
    );
    const { settings, notices, movedSecrets } = openSettings({ dataDir });
    expect(settings.get('theme')).toBe('dark');
    expect(settings.get('hotkey')).toBe('Alt+Space');
    expect(movedSecrets).toEqual([{ account: 'openai', secret: 'sk-legacy-0123456789' }]);
    expect(notices.map((n) => n.kind)).toEqual(['settings-migrated']);
    expect(readFileSync(fileOf(), 'utf8')).not.toContain('sk-legacy');
    expect(readFile().schemaVersion).toBe(1);
  });

  it('takes a factory (electron-store in the shell) and survives a factory that throws once', () => {
    let calls = 0;
    const memory: SettingsBacking = { store: {}, path: fileOf() };
    const { settings, notices } = openSettings({
      dataDir,
      factory: () => {
        calls++;
        if (calls === 1) throw new SyntaxError('Unexpected token');
        return memory;
      },
    });
    expect(notices.map((n) => n.kind)).toEqual(['settings-corrupt']);
    settings.update({ closeToTray: false });
    expect(memory.store.closeToTray).toBe(false);
  });

  it('derives a JSON schema from the zod schema', () => {
    const schema = settingsJsonSchema();
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties as object)).toContain('hotkey');
  });
});

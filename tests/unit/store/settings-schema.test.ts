import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import { openSettings } from '../../../src/main/core/store/settings.ts';
import { defaultSettings, settingsSchema } from '../../../src/main/core/store/settings-schema.ts';
import { handlerCtx, settingsHarness } from '../../fixtures/settings-harness.ts';
import {
  defaultEditableSettings,
  editableSettingsFields,
  settingsPatchSchema,
} from '../../../src/shared/settings.ts';

const ctx = handlerCtx;
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-settings-schema-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const handlersFor = () => settingsHarness({ dataDir, secrets: new MemorySecretStore() });

const editable = Object.keys(editableSettingsFields).sort();

describe('one settings schema', () => {
  it('stores the editable fields plus only providers, the schema version and window bounds', () => {
    expect(Object.keys(settingsSchema.shape).sort()).toEqual(
      [...editable, 'providers', 'schemaVersion', 'windowBounds'].sort(),
    );
    expect(Object.keys(settingsPatchSchema.shape).sort()).toEqual(editable);
  });

  it('the view carries every editable field as stored, and nothing the store keeps for itself', async () => {
    const { settings, handlers } = handlersFor();
    settings.update({ windowBounds: { width: 900, height: 700, maximized: false } });
    const view = await handlers['settings.get']({}, ctx);
    const stored = settings.get();
    for (const field of editable) expect(view).toHaveProperty(field, stored[field as keyof typeof stored]);
    expect(view).not.toHaveProperty('windowBounds');
    expect(view).not.toHaveProperty('schemaVersion');
  });

  it('an empty patch changes nothing (defaults are not patches)', async () => {
    const { handlers } = handlersFor();
    await handlers['settings.update']({ theme: 'dark', closeToTray: false }, ctx);
    expect(settingsPatchSchema.parse({})).toEqual({});
    const view = await handlers['settings.update']({}, ctx);
    expect(view).toMatchObject({ theme: 'dark', closeToTray: false });
  });

  it('applies the 200-character price-key limit on both sides: the request and the stored file', () => {
    const long = 'm'.repeat(201);
    const override = { [long]: { inputPerMTok: 1, outputPerMTok: 2 } };
    expect(settingsPatchSchema.safeParse({ priceOverrides: override }).success).toBe(false);
    const { settings } = openSettings({ dataDir });
    expect(() => settings.update({ priceOverrides: override })).toThrow(/priceOverrides/);
    // A hand-edited file with such a key is reset to the default, with a notice; nothing else is lost.
    const file = join(dataDir, 'config.json');
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...raw, theme: 'dark', priceOverrides: override }));
    const reopened = openSettings({ dataDir });
    expect(reopened.settings.get('priceOverrides')).toEqual({});
    expect(reopened.settings.get('theme')).toBe('dark');
    expect(reopened.notices.map((n) => n.kind)).toEqual(['settings-invalid-fields']);
  });

  it('defaults come from the schema entries and the provider catalogue', () => {
    const defaults = defaultSettings();
    expect(defaults.defaultModel).toEqual({ providerId: 'openai', model: 'gpt-4o-mini' });
    expect(defaults.providers[0]).toMatchObject({ id: 'openai', baseUrl: 'https://api.openai.com/v1' });
    const { schemaVersion: _v, windowBounds: _b, providers: _p, ...editableDefaults } = defaults;
    expect(defaultEditableSettings()).toEqual(editableDefaults);
  });
});

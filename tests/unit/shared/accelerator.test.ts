import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HOTKEY,
  acceleratorKeys,
  describeAccelerator,
  parseAccelerator,
} from '../../../src/shared/accelerator.ts';

/** The one hotkey grammar the shell registers with and the settings' recorder records with. */
describe('accelerators', () => {
  it('parses modifiers and one key', () => {
    expect(parseAccelerator('CmdOrCtrl+Shift+Space')).toEqual({
      ok: true,
      modifiers: ['CommandOrControl', 'Shift'],
      key: 'Space',
    });
    expect(parseAccelerator('F19')).toMatchObject({ ok: true, key: 'F19' });
    expect(parseAccelerator('Alt+Plus')).toMatchObject({ ok: true, key: 'Plus' });
    expect(parseAccelerator('Ctrl++')).toMatchObject({ ok: false });
    expect(parseAccelerator('F5')).toMatchObject({ ok: false });
    expect(parseAccelerator('Shift+A')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('every app'),
    });
  });

  it('the default hotkey is one the grammar accepts', () => {
    expect(parseAccelerator(DEFAULT_HOTKEY)).toEqual({
      ok: true,
      modifiers: ['CommandOrControl', 'Shift'],
      key: 'Space',
    });
  });

  it('reads the way each platform writes shortcuts (process.platform or navigator.platform)', () => {
    expect(describeAccelerator('CommandOrControl+Shift+Space', 'win32')).toBe('Ctrl+Shift+Space');
    expect(describeAccelerator('Shift+CommandOrControl+Space', 'linux')).toBe('Ctrl+Shift+Space');
    expect(describeAccelerator('CommandOrControl+Shift+Space', 'darwin')).toBe('⇧⌘Space');
    expect(describeAccelerator('Shift+CommandOrControl+Space', 'MacIntel')).toBe('⇧⌘Space');
    expect(describeAccelerator('Super+Alt+P', 'win32')).toBe('Alt+Win+P');
    expect(describeAccelerator('Control+Alt+P', 'darwin')).toBe('⌃⌥P');
    expect(describeAccelerator('Alt+Up', 'Linux x86_64')).toBe('Alt+↑');
  });

  it('shows one keycap per part, modifiers alone too (while recording)', () => {
    expect(acceleratorKeys('CommandOrControl+Shift+Space', 'linux')).toEqual(['Ctrl', 'Shift', 'Space']);
    expect(acceleratorKeys('CmdOrCtrl+Alt+Plus', 'Win32')).toEqual(['Ctrl', 'Alt', '+']);
    expect(acceleratorKeys('Shift+CommandOrControl', 'darwin')).toEqual(['⇧', '⌘']);
  });
});

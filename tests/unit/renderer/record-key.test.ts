import { describe, expect, it } from 'vitest';
import { parseAccelerator } from '../../../src/shared/accelerator.ts';
import type { KeyLike } from '../../../src/renderer/src/quick/record-key.ts';
import { recordKey } from '../../../src/renderer/src/quick/record-key.ts';

/** The shortcut recorder's key handling (pure), checked against what main will accept. */
function press(code: string, mods: Partial<KeyLike> = {}, key = ''): KeyLike {
  return { code, key, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...mods };
}

describe('shortcut recorder', () => {
  it('records Ctrl (Cmd on macOS) as CommandOrControl, by physical key', () => {
    expect(recordKey(press('Space', { ctrlKey: true, shiftKey: true }), false)).toEqual({
      kind: 'shortcut',
      accelerator: 'CommandOrControl+Shift+Space',
    });
    expect(recordKey(press('Space', { metaKey: true, shiftKey: true }), true)).toEqual({
      kind: 'shortcut',
      accelerator: 'Shift+CommandOrControl+Space',
    });
    // Option+P types "π" on a Mac; the recorder still records P.
    expect(recordKey(press('KeyP', { altKey: true }, 'π'), true)).toEqual({
      kind: 'shortcut',
      accelerator: 'Alt+P',
    });
    expect(recordKey(press('KeyK', { metaKey: true }), false)).toEqual({
      kind: 'shortcut',
      accelerator: 'Super+K',
    });
    expect(recordKey(press('Digit1', { ctrlKey: true, altKey: true }), false)).toMatchObject({
      accelerator: 'CommandOrControl+Alt+1',
    });
  });

  it('waits while only modifiers are held, and refuses keys that would steal typing', () => {
    expect(recordKey(press('ControlLeft', { ctrlKey: true }, 'Control'), false)).toEqual({
      kind: 'modifiers-only',
      modifiers: ['CommandOrControl'],
    });
    expect(recordKey(press('KeyA', { shiftKey: true }), false)).toEqual({ kind: 'needs-modifier' });
    expect(recordKey(press('KeyA'), false)).toEqual({ kind: 'needs-modifier' });
    expect(recordKey(press('F13'), false)).toEqual({ kind: 'shortcut', accelerator: 'F13' });
    expect(recordKey(press('IntlRo', { ctrlKey: true }), false)).toEqual({ kind: 'not-a-key' });
  });

  it('records only shortcuts the main side accepts', () => {
    const codes = [
      'KeyQ',
      'Digit7',
      'F5',
      'F19',
      'Space',
      'Enter',
      'ArrowUp',
      'Minus',
      'Slash',
      'Numpad4',
      'NumpadAdd',
    ];
    for (const code of codes) {
      for (const mods of [
        { ctrlKey: true },
        { altKey: true, shiftKey: true },
        { metaKey: true, ctrlKey: true },
      ]) {
        for (const mac of [true, false]) {
          const result = recordKey(press(code, mods), mac);
          if (result.kind !== 'shortcut') throw new Error(`${code} ${JSON.stringify(mods)} not recorded`);
          expect(parseAccelerator(result.accelerator), result.accelerator).toMatchObject({ ok: true });
        }
      }
    }
  });
});

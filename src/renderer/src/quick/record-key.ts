import { stealsTyping } from '../../../shared/accelerator.ts';

/**
 * Keyboard events to Electron accelerators ("CommandOrControl+Shift+Space") for the shortcut
 * recorder. The grammar, the default and the keycaps people read are src/shared/accelerator.ts,
 * which the desktop shell checks again before registering.
 */

/** The physical key (`event.code`), so Option/AltGr combinations do not turn letters into symbols. */
const CODE_KEYS: Record<string, string> = {
  Space: 'Space',
  Enter: 'Enter',
  NumpadEnter: 'Enter',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
  NumpadAdd: 'numadd',
  NumpadSubtract: 'numsub',
  NumpadMultiply: 'nummult',
  NumpadDivide: 'numdiv',
  NumpadDecimal: 'numdec',
  PrintScreen: 'PrintScreen',
};

export function keyFromCode(code: string): string | null {
  let m: RegExpExecArray | null;
  if ((m = /^Key([A-Z])$/.exec(code))) return m[1]!;
  if ((m = /^Digit([0-9])$/.exec(code))) return m[1]!;
  if ((m = /^Numpad([0-9])$/.exec(code))) return `num${m[1]}`;
  if ((m = /^F([1-9]|1[0-9]|2[0-4])$/.exec(code))) return `F${m[1]}`;
  return CODE_KEYS[code] ?? null;
}

const MODIFIER_CODES = /^(Control|Shift|Alt|Meta|OS|AltGraph)(Left|Right)?$/;

export interface KeyLike {
  code: string;
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

export type RecordResult =
  | { kind: 'modifiers-only'; modifiers: string[] }
  | { kind: 'shortcut'; accelerator: string }
  | { kind: 'needs-modifier' }
  | { kind: 'not-a-key' };

/**
 * One key press while recording. Cmd on macOS and Ctrl elsewhere become `CommandOrControl` (the
 * portable spelling); Ctrl on macOS is `Control`, the Windows/Super key `Super`.
 */
export function recordKey(event: KeyLike, mac: boolean): RecordResult {
  const modifiers: string[] = [];
  if (mac) {
    if (event.ctrlKey) modifiers.push('Control');
    if (event.altKey) modifiers.push('Alt');
    if (event.shiftKey) modifiers.push('Shift');
    if (event.metaKey) modifiers.push('CommandOrControl');
  } else {
    if (event.ctrlKey) modifiers.push('CommandOrControl');
    if (event.altKey) modifiers.push('Alt');
    if (event.shiftKey) modifiers.push('Shift');
    if (event.metaKey) modifiers.push('Super');
  }
  if (
    MODIFIER_CODES.test(event.code) ||
    ['Control', 'Shift', 'Alt', 'Meta', 'AltGraph'].includes(event.key)
  ) {
    return { kind: 'modifiers-only', modifiers };
  }
  const key = keyFromCode(event.code);
  if (!key) return { kind: 'not-a-key' };
  if (stealsTyping(modifiers, key)) return { kind: 'needs-modifier' };
  return { kind: 'shortcut', accelerator: [...modifiers, key].join('+') };
}

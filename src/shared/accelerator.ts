/**
 * The quick-prompt hotkey's grammar, once for every side: Electron accelerators
 * ("CommandOrControl+Shift+Space") as the shell registers them and the settings' shortcut recorder
 * records them, the default, and how people read them on their platform.
 */

export const DEFAULT_HOTKEY = 'CommandOrControl+Shift+Space';

/** Every spelling Electron accepts for a modifier, to the one Parley writes. */
const MODIFIERS = new Map<string, string>([
  ['command', 'Command'],
  ['cmd', 'Command'],
  ['control', 'Control'],
  ['ctrl', 'Control'],
  ['commandorcontrol', 'CommandOrControl'],
  ['cmdorctrl', 'CommandOrControl'],
  ['alt', 'Alt'],
  ['option', 'Alt'],
  ['altgr', 'AltGr'],
  ['shift', 'Shift'],
  ['super', 'Super'],
  ['meta', 'Super'],
]);

const NAMED_KEYS = [
  'Plus',
  'Space',
  'Tab',
  'Capslock',
  'Numlock',
  'Scrolllock',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Enter',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'Esc',
  'VolumeUp',
  'VolumeDown',
  'VolumeMute',
  'MediaNextTrack',
  'MediaPreviousTrack',
  'MediaStop',
  'MediaPlayPause',
  'PrintScreen',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
];
const NAMED = new Map(NAMED_KEYS.map((k) => [k.toLowerCase(), k]));
const PUNCTUATION = new Set(Array.from(')!@#$%^&*(:;=<,_->.?/~`{]}[|\\"\''));

export type ParsedAccelerator =
  { ok: true; modifiers: string[]; key: string } | { ok: false; reason: string };

function keyName(raw: string): string | null {
  if (/^[a-z0-9]$/i.test(raw)) return raw.toUpperCase();
  if (/^f([1-9]|1[0-9]|2[0-4])$/i.test(raw)) return raw.toUpperCase();
  if (/^num[0-9]$/i.test(raw)) return raw.toLowerCase();
  if (PUNCTUATION.has(raw)) return raw;
  return NAMED.get(raw.toLowerCase()) ?? null;
}

/** F13–F24: no app types with them, so they may be a hotkey on their own. */
function isBareAllowed(key: string): boolean {
  return /^F(1[3-9]|2[0-4])$/.test(key);
}

/** Whether `key` with these modifiers would take a key from every app's typing. */
export function stealsTyping(modifiers: readonly string[], key: string): boolean {
  return !isBareAllowed(key) && modifiers.every((m) => m === 'Shift');
}

/**
 * Parses an accelerator strictly enough for a global hotkey: one key, and at least one modifier
 * other than Shift (a bare key or Shift+key would be taken from every app's typing), except the
 * F13–F24 keys that no app types with.
 */
export function parseAccelerator(accelerator: string): ParsedAccelerator {
  const text = accelerator.trim();
  if (!text) return { ok: false, reason: 'it is empty' };
  // The "+" key is written "Plus", as Electron wants it.
  const parts = text.split('+');
  if (parts.some((p) => p === ''))
    return { ok: false, reason: 'it has an empty part (write the + key as Plus)' };
  const modifiers: string[] = [];
  let key: string | null = null;
  for (const part of parts) {
    const modifier = MODIFIERS.get(part.toLowerCase());
    if (modifier) {
      if (key) return { ok: false, reason: 'modifiers must come before the key' };
      if (modifiers.includes(modifier)) return { ok: false, reason: `${part} appears twice` };
      modifiers.push(modifier);
      continue;
    }
    const name = keyName(part);
    if (!name) return { ok: false, reason: `"${part}" is not a key Parley knows` };
    if (key) return { ok: false, reason: 'it has more than one key' };
    key = name;
  }
  if (!key) return { ok: false, reason: 'it has no key, only modifiers' };
  if (stealsTyping(modifiers, key)) {
    return {
      ok: false,
      reason: 'it needs Ctrl, Alt, Cmd or Super, or it would take that key from every app',
    };
  }
  return { ok: true, modifiers, key };
}

/** How a platform's keyboard names keys: `process.platform` ('darwin') or `navigator.platform` ('MacIntel'). */
type Keyboard = 'mac' | 'windows' | 'other';
function keyboardOf(platform: string): Keyboard {
  if (/^(mac|darwin)/i.test(platform)) return 'mac';
  return /^win/i.test(platform) ? 'windows' : 'other';
}

export function isMacPlatform(platform: string): boolean {
  return keyboardOf(platform) === 'mac';
}

const MAC_NAMES: Record<string, string> = {
  Command: '⌘',
  CommandOrControl: '⌘',
  Control: '⌃',
  Alt: '⌥',
  AltGr: '⌥',
  Shift: '⇧',
  Super: '⌘',
};
const PC_NAMES: Record<string, string> = {
  Command: 'Super',
  CommandOrControl: 'Ctrl',
  Control: 'Ctrl',
  Alt: 'Alt',
  AltGr: 'AltGr',
  Shift: 'Shift',
  Super: 'Super',
};
const KEY_NAMES: Record<string, string> = { Plus: '+', Up: '↑', Down: '↓', Left: '←', Right: '→' };

/**
 * The accelerator's parts as people read them, one per keycap, in the order they expect
 * (Ctrl, Alt, Shift, Super / ⌃⌥⇧⌘): ["Ctrl", "Shift", "Space"]. Lenient, so the modifiers held
 * so far while recording show too.
 */
export function acceleratorKeys(accelerator: string, platform: string): string[] {
  const keyboard = keyboardOf(platform);
  const names =
    keyboard === 'mac' ? MAC_NAMES : { ...PC_NAMES, ...(keyboard === 'windows' ? { Super: 'Win' } : {}) };
  const order = keyboard === 'mac' ? ['⌃', '⌥', '⇧', '⌘'] : ['Ctrl', 'Alt', 'AltGr', 'Shift', 'Super', 'Win'];
  const parts = accelerator.split('+').filter(Boolean);
  const modifierOf = (part: string) => MODIFIERS.get(part.toLowerCase());
  const mods = parts.flatMap((p) => {
    const modifier = modifierOf(p);
    return modifier ? [names[modifier]!] : [];
  });
  mods.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const keys = parts.filter((p) => !modifierOf(p)).map((p) => KEY_NAMES[p] ?? p);
  return [...mods, ...keys];
}

/** How a person reads the shortcut on this platform: "Ctrl+Shift+Space", "⇧⌘Space". */
export function describeAccelerator(accelerator: string, platform: string): string {
  const keys = acceleratorKeys(accelerator, platform);
  return keyboardOf(platform) === 'mac' ? keys.join('') : keys.join('+');
}

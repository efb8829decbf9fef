/**
 * Electron accelerators ("CommandOrControl+Shift+Space") as the global hotkey uses them: checked
 * before registering, and shown to people in their platform's words. No Electron here.
 */

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
  const bareAllowed = /^F(1[3-9]|2[0-4])$/.test(key);
  if (!bareAllowed && modifiers.every((m) => m === 'Shift')) {
    return {
      ok: false,
      reason: 'it needs Ctrl, Alt, Cmd or Super, or it would take that key from every app',
    };
  }
  return { ok: true, modifiers, key };
}

/** How a person reads the shortcut on this platform: "Ctrl+Shift+Space", "⌘⇧Space". */
export function describeAccelerator(accelerator: string, platform: NodeJS.Platform): string {
  const parsed = parseAccelerator(accelerator);
  if (!parsed.ok) return accelerator;
  const mac = platform === 'darwin';
  const names: Record<string, string> = mac
    ? { Command: '⌘', Control: '⌃', CommandOrControl: '⌘', Alt: '⌥', AltGr: '⌥', Shift: '⇧', Super: '⌘' }
    : {
        Command: 'Super',
        Control: 'Ctrl',
        CommandOrControl: 'Ctrl',
        Alt: 'Alt',
        AltGr: 'AltGr',
        Shift: 'Shift',
        Super: platform === 'win32' ? 'Win' : 'Super',
      };
  // The order people expect: Ctrl, Alt, Shift, Super / ⌃⌥⇧⌘.
  const order = mac
    ? ['Control', 'Alt', 'AltGr', 'Shift', 'Command', 'CommandOrControl', 'Super']
    : ['Control', 'CommandOrControl', 'Alt', 'AltGr', 'Shift', 'Super', 'Command'];
  const mods = [...parsed.modifiers]
    .sort((a, b) => order.indexOf(a) - order.indexOf(b))
    .map((m) => names[m]!);
  const key = parsed.key === 'Plus' ? '+' : parsed.key;
  return mac ? `${mods.join('')}${key}` : [...mods, key].join('+');
}

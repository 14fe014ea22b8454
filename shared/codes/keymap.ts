/**
 * Physical keys -> characters, by the US layout that barcode scanners and card readers emulate.
 *
 * A scanner in keyboard mode sends key positions (HID usage ids), not characters; the OS then turns
 * them into characters through the active layout, which on a Bulgarian or Russian till gives
 * Cyrillic letters. Reading positions (KeyboardEvent.code, Electron's input.code, HID usage ids) and
 * mapping them here gives back what the scanner meant, whatever the layout.
 */

/** [unshifted, shifted] character of each key, by KeyboardEvent.code. */
const KEY_CHARS: Readonly<Record<string, readonly [string, string]>> = (() => {
  const table: Record<string, readonly [string, string]> = {};
  for (let c = 0; c < 26; c++) {
    const upper = String.fromCharCode(65 + c);
    table[`Key${upper}`] = [upper.toLowerCase(), upper];
  }
  const shiftedDigits = ')!@#$%^&*(';
  for (let d = 0; d <= 9; d++) {
    table[`Digit${d}`] = [String(d), shiftedDigits[d] ?? ''];
    // Numpad digits do not change with Shift in the sense scanners use them.
    table[`Numpad${d}`] = [String(d), String(d)];
  }
  const punctuation: Array<[string, string, string]> = [
    ['Minus', '-', '_'],
    ['Equal', '=', '+'],
    ['BracketLeft', '[', '{'],
    ['BracketRight', ']', '}'],
    ['Backslash', '\\', '|'],
    ['IntlBackslash', '\\', '|'],
    ['Semicolon', ';', ':'],
    ['Quote', "'", '"'],
    ['Backquote', '`', '~'],
    ['Comma', ',', '<'],
    ['Period', '.', '>'],
    ['Slash', '/', '?'],
    ['Space', ' ', ' '],
    ['NumpadDecimal', '.', '.'],
    ['NumpadAdd', '+', '+'],
    ['NumpadSubtract', '-', '-'],
    ['NumpadMultiply', '*', '*'],
    ['NumpadDivide', '/', '/'],
  ];
  for (const [code, plain, shifted] of punctuation) table[code] = [plain, shifted];
  return table;
})();

/** The character a key types on a US layout, or null for keys that type none (Shift, F1, arrows). */
export function charForKey(code: string, shift: boolean): string | null {
  const chars = KEY_CHARS[code];
  if (chars === undefined) return null;
  return shift ? chars[1] : chars[0];
}

/** Keys that end a scan when the scanner is set to send a suffix. */
export const TERMINATOR_KEYS: ReadonlySet<string> = new Set(['Enter', 'NumpadEnter', 'Tab']);

/** Keys that only change what the next key types. */
export const MODIFIER_KEYS: ReadonlySet<string> = new Set([
  'ShiftLeft',
  'ShiftRight',
  'ControlLeft',
  'ControlRight',
  'AltLeft',
  'AltRight',
  'MetaLeft',
  'MetaRight',
  'CapsLock',
  'NumLock',
]);

/** HID keyboard page (0x07) usage ids -> KeyboardEvent.code, for the keys scanners send. */
const USAGE_CODES: ReadonlyMap<number, string> = (() => {
  const map = new Map<number, string>();
  for (let c = 0; c < 26; c++) map.set(0x04 + c, `Key${String.fromCharCode(65 + c)}`);
  for (let d = 1; d <= 9; d++) map.set(0x1d + d, `Digit${d}`);
  map.set(0x27, 'Digit0');
  const named: Array<[number, string]> = [
    [0x28, 'Enter'],
    [0x29, 'Escape'],
    [0x2a, 'Backspace'],
    [0x2b, 'Tab'],
    [0x2c, 'Space'],
    [0x2d, 'Minus'],
    [0x2e, 'Equal'],
    [0x2f, 'BracketLeft'],
    [0x30, 'BracketRight'],
    [0x31, 'Backslash'],
    [0x33, 'Semicolon'],
    [0x34, 'Quote'],
    [0x35, 'Backquote'],
    [0x36, 'Comma'],
    [0x37, 'Period'],
    [0x38, 'Slash'],
    [0x39, 'CapsLock'],
    [0x53, 'NumLock'],
    [0x54, 'NumpadDivide'],
    [0x55, 'NumpadMultiply'],
    [0x56, 'NumpadSubtract'],
    [0x57, 'NumpadAdd'],
    [0x58, 'NumpadEnter'],
    [0x62, 'Numpad0'],
    [0x63, 'NumpadDecimal'],
    [0x64, 'IntlBackslash'],
  ];
  for (let d = 1; d <= 9; d++) map.set(0x58 + d, `Numpad${d}`);
  for (const [usage, code] of named) map.set(usage, code);
  return map;
})();

export function keyCodeForUsage(usage: number): string | null {
  return USAGE_CODES.get(usage) ?? null;
}

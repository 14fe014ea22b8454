/**
 * Keyboard-wedge scanner decoding, for the renderer and for Electron's before-input-event.
 *
 * Design:
 * - Keys, not characters. A wedge scanner "types" by sending key positions; the OS maps them through
 *   the active layout, so under a Bulgarian or Russian layout KeyboardEvent.key is Cyrillic and a
 *   card code comes out garbled. This decoder reads only KeyboardEvent.code (the physical key) and
 *   shiftKey, and maps them through the US layout scanners emulate (./keymap). It never looks at
 *   KeyboardEvent.key.
 * - Speed tells a scanner from a person. A scanner sends a whole code in a burst, a few ms per key;
 *   nobody types that fast. Characters are held back while they keep coming within `maxGapMs` of
 *   each other; a terminator (Enter, NumpadEnter, Tab) after at least `minLength` such characters
 *   completes a scan. A slower key, a non-character key (Backspace, arrows), an auto-repeated key
 *   or `flush` once the gap has passed releases what was held as typing, for the UI to replay into
 *   the focused field or ignore.
 * - Hold first, decide after. The first character of a burst cannot be told from a keypress, so
 *   every character is held ('hold': the UI calls preventDefault). The UI calls `flush(now)` from a
 *   timer `maxGapMs` after a hold, so a person's keypress reaches the field at most that late.
 * - Pure and DOM-free: strokes carry their own timestamps, nothing reads a clock, so the same
 *   decoder runs in the renderer, in the main process and in tests with recorded strokes.
 */
import { charForKey, MODIFIER_KEYS, TERMINATOR_KEYS } from './keymap';

export interface KeyStroke {
  /** KeyboardEvent.code: the physical key, e.g. "KeyA", "Digit1", "Enter". */
  code: string;
  shiftKey: boolean;
  /** Milliseconds on any monotonic clock (KeyboardEvent.timeStamp will do). */
  timeStamp: number;
  /** KeyboardEvent.repeat: a held-down key, which is a person, never a scanner. */
  repeat?: boolean;
}

export type WedgeEvent =
  /** Nothing to do with a scan and nothing held: let the key through. */
  | { type: 'pass' }
  /** A character held back: preventDefault. `burst` once it came at scanner speed after another. */
  | { type: 'hold'; burst: boolean }
  /** This stroke (a terminator, or `flush` when no terminator is required) completed a scan. */
  | { type: 'scan'; text: string }
  /**
   * The held strokes were a person typing: replay `text` into the focused field, or ignore it. Then
   * handle this stroke as `stroke` says: 'hold' (it is held, preventDefault), 'pass' (let it
   * through, after the replay), or null when `flush` released them.
   */
  | { type: 'typing'; text: string; strokes: KeyStroke[]; stroke: 'hold' | 'pass' | null };

export interface WedgeOptions {
  /** Longest pause between two keys of one scan. Scanners send a key every 1-20 ms. */
  maxGapMs?: number;
  /** Shortest code taken as a scan; shorter bursts are typing. */
  minLength?: number;
  /** For scanners set to send no suffix: a burst ends when `flush` finds the gap has passed. */
  requireTerminator?: boolean;
}

export interface WedgeDecoder {
  push(stroke: KeyStroke): WedgeEvent;
  /** Call from a timer: releases what is held once `maxGapMs` have passed since the last key. */
  flush(now: number): WedgeEvent | null;
  reset(): void;
}

export const DEFAULT_MAX_GAP_MS = 35;
export const DEFAULT_MIN_LENGTH = 4;

export function createWedgeDecoder(options: WedgeOptions = {}): WedgeDecoder {
  const maxGapMs = options.maxGapMs ?? DEFAULT_MAX_GAP_MS;
  const minLength = options.minLength ?? DEFAULT_MIN_LENGTH;
  const requireTerminator = options.requireTerminator ?? true;
  let held: KeyStroke[] = [];
  let text = '';

  const lastAt = () => held[held.length - 1]?.timeStamp ?? Number.NEGATIVE_INFINITY;

  function release(stroke: 'hold' | 'pass' | null): WedgeEvent {
    const event: WedgeEvent = { type: 'typing', text, strokes: held, stroke };
    held = [];
    text = '';
    return event;
  }

  function hold(stroke: KeyStroke, char: string): WedgeEvent {
    held.push(stroke);
    text += char;
    return { type: 'hold', burst: held.length > 1 };
  }

  return {
    push(stroke) {
      if (MODIFIER_KEYS.has(stroke.code)) return { type: 'pass' };
      const inTime = held.length > 0 && stroke.timeStamp - lastAt() <= maxGapMs;
      const char = charForKey(stroke.code, stroke.shiftKey);

      if (char !== null && stroke.repeat !== true) {
        if (held.length === 0 || inTime) return hold(stroke, char);
        const released = release('hold');
        hold(stroke, char);
        return released;
      }
      if (held.length === 0) return { type: 'pass' };
      if (TERMINATOR_KEYS.has(stroke.code) && inTime && held.length >= minLength) {
        const scan: WedgeEvent = { type: 'scan', text };
        held = [];
        text = '';
        return scan;
      }
      return release('pass');
    },

    flush(now) {
      if (held.length === 0 || now - lastAt() <= maxGapMs) return null;
      if (!requireTerminator && held.length >= minLength) {
        const scan: WedgeEvent = { type: 'scan', text };
        held = [];
        text = '';
        return scan;
      }
      return release(null);
    },

    reset() {
      held = [];
      text = '';
    },
  };
}

/**
 * Scanner bursts caught in the Electron main process, from webContents' before-input-event, by
 * physical key (input.code) so no keyboard layout can garble them. This module does not import
 * electron: main.ts forwards each input as a plain object and acts on the answer:
 *
 *   contents.on('before-input-event', (event, input) => {
 *     const action = burst.push({ type: input.type, code: input.code, shift: input.shift,
 *                                 repeat: input.isAutoRepeat, at: performance.now() });
 *     if (action.preventDefault) event.preventDefault();
 *     if (action.scan !== undefined) devices.keyboardRead('keyboard', action.scan);
 *     if (action.release) replay(contents, action.release);   // a person typed: give the keys back
 *   });
 *
 * and calls `flush(performance.now())` from a timer `maxGapMs` after a held key. Replayed keys
 * (webContents.sendInputEvent) come back through before-input-event: pass their codes to
 * `expectReplay` first and they go straight through.
 */
import { createWedgeDecoder, type KeyStroke, type WedgeEvent, type WedgeOptions } from '../../shared/codes/wedge';

export interface KeyInputEvent {
  /** Electron's input.type: 'keyDown', 'keyUp', 'char' (and others, which pass). */
  type: string;
  code: string;
  shift: boolean;
  repeat?: boolean;
  /** Milliseconds, monotonic (performance.now() in main). Electron's input carries no time. */
  at: number;
}

export interface BurstAction {
  preventDefault: boolean;
  /** A completed scan, to hand to the keyboard device. */
  scan?: string;
  /** Keys held back that turned out to be a person typing, for main to send again. */
  release?: { text: string; inputs: KeyInputEvent[] };
}

export interface KeyboardBurst {
  push(input: KeyInputEvent): BurstAction;
  flush(now: number): BurstAction;
  /** Codes of keyDowns main is about to re-send: they pass untouched, once each, in order. */
  expectReplay(codes: readonly string[]): void;
}

export function createKeyboardBurst(options: WedgeOptions = {}): KeyboardBurst {
  const decoder = createWedgeDecoder(options);
  const held: KeyInputEvent[] = [];
  const replaying: string[] = [];

  function act(event: WedgeEvent | null, input: KeyInputEvent | null): BurstAction {
    if (event === null) return { preventDefault: false };
    switch (event.type) {
      case 'pass':
        return { preventDefault: false };
      case 'hold':
        if (input) held.push(input);
        return { preventDefault: true };
      case 'scan':
        held.length = 0;
        return { preventDefault: true, scan: event.text };
      case 'typing': {
        const inputs = held.splice(0, event.strokes.length);
        if (event.stroke === 'hold' && input) held.push(input);
        return { preventDefault: event.stroke === 'hold', release: { text: event.text, inputs } };
      }
    }
  }

  return {
    push(input) {
      if (input.type === 'keyDown' && replaying[0] === input.code) {
        replaying.shift();
        return { preventDefault: false };
      }
      // keyUp and char events of held keys are swallowed with them; others pass.
      if (input.type !== 'keyDown') return { preventDefault: held.some((h) => h.code === input.code) };
      const stroke: KeyStroke = { code: input.code, shiftKey: input.shift, timeStamp: input.at, repeat: input.repeat ?? false };
      return act(decoder.push(stroke), input);
    },
    flush(now) {
      return act(decoder.flush(now), null);
    },
    expectReplay(codes) {
      replaying.push(...codes);
    },
  };
}

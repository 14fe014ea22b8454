import { describe, expect, it } from 'vitest';
import { catchScannerBursts, type InputEventLike, type WebContentsLike } from '../../../electron/devices/beforeInput';

/** Electron's webContents cannot run here; this stands in for its before-input-event and insertText. */
function fakeContents() {
  let listener: ((event: { preventDefault(): void }, input: InputEventLike) => void) | null = null;
  const inserted: string[] = [];
  const contents: WebContentsLike = {
    on: (_name, l) => (listener = l),
    insertText: (text) => inserted.push(text),
  };
  const press = (code: string, shift = false) => {
    let prevented = false;
    listener!({ preventDefault: () => (prevented = true) }, { type: 'keyDown', code, shift, isAutoRepeat: false });
    return prevented;
  };
  return { contents, press, inserted };
}

const codesOf = (digits: string) => [...digits].map((d) => `Digit${d}`);

describe('scanner bursts in the Electron shell', () => {
  it('reads a burst by physical key and keeps it from the page', () => {
    const { contents, press } = fakeContents();
    let clock = 0;
    const timers: (() => void)[] = [];
    const scans: string[] = [];
    catchScannerBursts(contents, (text) => scans.push(text), { now: () => clock, setTimer: (fn) => timers.push(fn) });
    const prevented = [...codesOf('2900000000018'), 'Enter'].map((code) => {
      clock += 8;
      return press(code);
    });
    expect(scans).toEqual(['2900000000018']);
    expect(prevented.slice(1).every(Boolean)).toBe(true);
  });

  it('gives a person’s slow keys back to the page', () => {
    const { contents, press, inserted } = fakeContents();
    let clock = 0;
    const timers: (() => void)[] = [];
    catchScannerBursts(contents, () => {}, { now: () => clock, setTimer: (fn) => timers.push(fn) });
    press('Digit1');
    clock += 400;
    for (const fire of timers.splice(0)) fire();
    press('Digit2');
    clock += 400;
    for (const fire of timers.splice(0)) fire();
    expect(inserted.join('')).toBe('12');
  });
});

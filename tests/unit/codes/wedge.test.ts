import { describe, expect, it } from 'vitest';
import { createWedgeDecoder, type KeyStroke, type WedgeEvent } from '../../../shared/codes/wedge';
import { classifyCode } from '../../../shared/codes/classify';
import { typed } from '../../fixtures/devices/keystrokes';

const run = (strokes: KeyStroke[], options?: Parameters<typeof createWedgeDecoder>[0]): WedgeEvent[] => {
  const decoder = createWedgeDecoder(options);
  return strokes.map((s) => decoder.push(s));
};
const scans = (events: WedgeEvent[]) => events.flatMap((e) => (e.type === 'scan' ? [e.text] : []));
const typing = (events: WedgeEvent[]) => events.flatMap((e) => (e.type === 'typing' ? [e.text] : []));

describe('keyboard wedge decoder', () => {
  it('reads a scanner burst ended by Enter, holding every key so the UI can swallow it', () => {
    const events = run(typed('2900000000018', 1000, 8));
    expect(scans(events)).toEqual(['2900000000018']);
    expect(events.slice(0, -1).every((e) => e.type === 'hold')).toBe(true);
    expect(events[0]).toEqual({ type: 'hold', burst: false });
    expect(events[1]).toEqual({ type: 'hold', burst: true });
  });

  it('reads physical keys, so a Russian layout (Cyrillic keys) does not garble the code', () => {
    const strokes = typed('KAFE-0042', 0, 5);
    expect(strokes.map((s) => s.key).join('')).toContain('ЛФАУ');
    expect(scans(run(strokes))).toEqual(['KAFE-0042']);
  });

  it('decodes a QR link typed by the scanner into the card it names', () => {
    const [text] = scans(run(typed('https://till.example.bg/card/ABCD1234', 0, 3)));
    expect(text).toBe('https://till.example.bg/card/ABCD1234');
    expect(classifyCode(text ?? '')).toEqual({ ok: true, value: { kind: 'loyalty', code: 'ABCD1234' } });
  });

  it('reads magnetic stripe text typed by a keyboard card reader', () => {
    const [text] = scans(run(typed('%LOYAL42^?;2900000000018?', 0, 4)));
    expect(text).toBe('%LOYAL42^?;2900000000018?');
  });

  it.each(['Enter', 'NumpadEnter', 'Tab'])('ends a scan on %s', (terminator) => {
    expect(scans(run(typed('ABC-123', 0, 10, terminator)))).toEqual(['ABC-123']);
  });

  it('reads numpad digits', () => {
    const strokes: KeyStroke[] = ['Numpad1', 'Numpad2', 'Numpad3', 'Numpad4', 'NumpadEnter'].map((code, i) => ({
      code,
      shiftKey: false,
      timeStamp: i * 6,
    }));
    expect(scans(run(strokes))).toEqual(['1234']);
  });

  it('ignores the Shift presses a scanner sends around upper-case letters', () => {
    const strokes: KeyStroke[] = [];
    for (const s of typed('AB12', 0, 10)) {
      if (s.shiftKey) strokes.push({ code: 'ShiftLeft', shiftKey: true, timeStamp: s.timeStamp - 2 });
      strokes.push(s);
    }
    const events = run(strokes);
    expect(scans(events)).toEqual(['AB12']);
    expect(events.filter((e) => e.type === 'pass')).toHaveLength(2);
  });

  it('gives a person typing back, key by key, for the UI to replay', () => {
    const events = run(typed('1234', 0, 150));
    expect(scans(events)).toEqual([]);
    expect(typing(events)).toEqual(['1', '2', '3', '4']);
    // The last key held is released by Enter, which then goes through.
    expect(events.at(-1)).toMatchObject({ type: 'typing', text: '4', stroke: 'pass' });
    expect(events[1]).toMatchObject({ type: 'typing', text: '1', stroke: 'hold' });
  });

  it('treats a fast burst shorter than minLength as typing', () => {
    const events = run(typed('12', 0, 5));
    expect(scans(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'typing', text: '12', stroke: 'pass' });
  });

  it('honours minLength and maxGapMs options', () => {
    expect(scans(run(typed('12', 0, 5), { minLength: 2 }))).toEqual(['12']);
    expect(scans(run(typed('ABCDEF', 0, 60), { maxGapMs: 80 }))).toEqual(['ABCDEF']);
    expect(scans(run(typed('ABCDEF', 0, 60)))).toEqual([]);
  });

  it('does not take a burst that stalls before Enter for a scan', () => {
    const strokes = typed('ABCDEF', 0, 5);
    const enter = strokes.at(-1);
    if (enter) enter.timeStamp += 500;
    const events = run(strokes);
    expect(scans(events)).toEqual([]);
    expect(typing(events)).toEqual(['ABCDEF']);
  });

  it('releases held keys on a non-character key such as Backspace', () => {
    const decoder = createWedgeDecoder();
    decoder.push({ code: 'Digit7', shiftKey: false, timeStamp: 0 });
    expect(decoder.push({ code: 'Backspace', shiftKey: false, timeStamp: 10 })).toMatchObject({
      type: 'typing',
      text: '7',
      stroke: 'pass',
    });
    expect(decoder.push({ code: 'ArrowLeft', shiftKey: false, timeStamp: 20 })).toEqual({ type: 'pass' });
  });

  it('never takes a held-down key (auto-repeat) for a scanner', () => {
    const decoder = createWedgeDecoder();
    decoder.push({ code: 'Digit1', shiftKey: false, timeStamp: 0 });
    const repeated = decoder.push({ code: 'Digit1', shiftKey: false, timeStamp: 30, repeat: true });
    expect(repeated).toMatchObject({ type: 'typing', text: '1', stroke: 'pass' });
  });

  it('flushes a lone keypress once the gap has passed, not before', () => {
    const decoder = createWedgeDecoder();
    expect(decoder.push({ code: 'KeyQ', shiftKey: false, timeStamp: 100 })).toEqual({ type: 'hold', burst: false });
    expect(decoder.flush(120)).toBeNull();
    expect(decoder.flush(140)).toMatchObject({ type: 'typing', text: 'q', stroke: null });
    expect(decoder.flush(200)).toBeNull();
  });

  it('ends a scan on the pause when the scanner sends no suffix', () => {
    const decoder = createWedgeDecoder({ requireTerminator: false });
    for (const s of typed('96385074', 0, 4, null)) decoder.push(s);
    expect(decoder.flush(30)).toBeNull();
    expect(decoder.flush(70)).toEqual({ type: 'scan', text: '96385074' });
  });

  it('reads two scans back to back', () => {
    const strokes = [...typed('AAAA1', 0, 5), ...typed('BBBB2', 40, 5)];
    expect(scans(run(strokes))).toEqual(['AAAA1', 'BBBB2']);
  });

  it('forgets held keys on reset', () => {
    const decoder = createWedgeDecoder();
    for (const s of typed('ABC', 0, 5, null)) decoder.push(s);
    decoder.reset();
    expect(decoder.push({ code: 'Enter', shiftKey: false, timeStamp: 20 })).toEqual({ type: 'pass' });
  });
});

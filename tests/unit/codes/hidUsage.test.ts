import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKeyboardReportDecoder, createPosReportDecoder, parseKeyboardReport } from '../../../shared/codes/hidUsage';
import { classifyCode } from '../../../shared/codes/classify';

interface Recording {
  scans: Array<{ text: string; aim?: string; osTyped?: string; reports: string[] }>;
}
const load = (name: string): Recording =>
  JSON.parse(readFileSync(new URL(`../../fixtures/devices/${name}`, import.meta.url), 'utf8')) as Recording;
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

describe('HID keyboard-mode scanner reports', () => {
  const recording = load('hid-keyboard-scanner.json');

  it.each(recording.scans.map((s) => [s.text, s] as const))('decode %s by usage id, whatever the OS layout typed', (_text, scan) => {
    const decoder = createKeyboardReportDecoder();
    const ends = scan.reports.flatMap((r) => decoder.push(bytes(r))).filter((r) => r.type === 'end');
    expect(ends).toEqual([{ type: 'end', text: scan.text }]);
  });

  it('gives the recorded QR link to classifyCode as the card it names', () => {
    const decoder = createKeyboardReportDecoder();
    const scan = recording.scans[2];
    const end = scan?.reports.flatMap((r) => decoder.push(bytes(r))).find((r) => r.type === 'end');
    expect(end?.type === 'end' && classifyCode(end.text)).toEqual({ ok: true, value: { kind: 'loyalty', code: 'ABCD1234' } });
  });

  it('types a key held across reports once, and a doubled character only after a release', () => {
    const decoder = createKeyboardReportDecoder();
    const press = bytes('0000270000000000'); // '0'
    const release = bytes('0000000000000000');
    decoder.push(press);
    decoder.push(press);
    decoder.push(release);
    decoder.push(press);
    expect(decoder.pending()).toBe('00');
  });

  it('reads reports with a report id in front, and ignores other reports', () => {
    const decoder = createKeyboardReportDecoder({ reportId: 1 });
    decoder.push(bytes('010200040000000000')); // report 1: Shift + A
    decoder.push(bytes('020200050000000000')); // report 2: not the keyboard
    expect(decoder.pending()).toBe('A');
  });

  it('skips the rollover error code', () => {
    expect(parseKeyboardReport(bytes('0000010101010101'))).toEqual({ shift: false, usages: [] });
    expect(parseKeyboardReport(bytes('2000040000000000'))).toEqual({ shift: true, usages: [0x04] });
  });
});

describe('HID POS scanner reports', () => {
  const recording = load('hid-pos-scanner.json');

  it.each(recording.scans.map((s) => [s.text, s] as const))('decode %s with its AIM identifier', (_text, scan) => {
    const decoder = createPosReportDecoder();
    const results = scan.reports.map((r) => decoder.push(bytes(r)));
    expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
    expect(results.at(-1)).toEqual({ text: scan.text, aim: scan.aim });
  });

  it('ignores reports with another report id', () => {
    const decoder = createPosReportDecoder();
    const other = new Uint8Array(64);
    other[0] = 0x04;
    other[1] = 5;
    expect(decoder.push(other)).toBeNull();
  });
});

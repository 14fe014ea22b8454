/**
 * Raw HID reports from scanners and card readers, decoded without the OS keyboard layout.
 *
 * Keyboard mode: the boot keyboard report is 8 bytes, [modifiers, reserved, key1..key6], each key
 * a usage id of the Keyboard page (0x07); some devices put a report id in front. A key is typed
 * when its usage appears in a report and was not in the previous one (scanners release every key
 * with an all-zero report, so a doubled character arrives as press, release, press).
 *
 * HID POS (Barcode Scanner page 0x8C, "Scanned Data Report"): one decoded barcode in one or more
 * input reports. The layout below is the one Honeywell and Newland document for their HID POS
 * mode: report id 0x02, byte 1 the number of data bytes in this report, up to 56 data bytes from
 * byte 2, symbology identifiers at bytes 58-60, and bit 0 of byte 63 set when more reports of the
 * same barcode follow. Other makers can be described with another `PosReportLayout`.
 */
import { charForKey, keyCodeForUsage } from './keymap';

const SHIFT_BITS = 0x02 | 0x20; // left and right Shift in the modifier byte

export interface KeyboardReport {
  shift: boolean;
  usages: number[];
}

/** Reads one keyboard report; `reportId` when the device prefixes reports with one. */
export function parseKeyboardReport(report: Uint8Array, reportId?: number): KeyboardReport | null {
  const body = reportId !== undefined ? (report[0] === reportId ? report.subarray(1) : null) : report;
  if (body === null || body.length < 3) return null;
  const modifiers = body[0] ?? 0;
  const usages: number[] = [];
  for (let i = 2; i < body.length && i < 8; i++) {
    const usage = body[i] ?? 0;
    // 0x01-0x03 are the "rollover / POST fail / undefined error" codes, not keys.
    if (usage > 0x03) usages.push(usage);
  }
  return { shift: (modifiers & SHIFT_BITS) !== 0, usages };
}

export type KeyboardReading = { type: 'char'; char: string } | { type: 'end'; text: string } | { type: 'key'; code: string };

export interface KeyboardReportDecoder {
  /** Feeds one report; returns what it typed. `end` carries the text since the last terminator. */
  push(report: Uint8Array): KeyboardReading[];
  /** Text typed since the last terminator. */
  pending(): string;
  reset(): void;
}

const TERMINATORS = new Set(['Enter', 'NumpadEnter', 'Tab']);

export function createKeyboardReportDecoder(options: { reportId?: number } = {}): KeyboardReportDecoder {
  let down = new Set<number>();
  let text = '';
  return {
    push(report) {
      const parsed = parseKeyboardReport(report, options.reportId);
      if (parsed === null) return [];
      const readings: KeyboardReading[] = [];
      for (const usage of parsed.usages) {
        if (down.has(usage)) continue;
        const code = keyCodeForUsage(usage);
        if (code === null) continue;
        if (TERMINATORS.has(code)) {
          readings.push({ type: 'end', text });
          text = '';
          continue;
        }
        const char = charForKey(code, parsed.shift);
        if (char === null) {
          readings.push({ type: 'key', code });
          continue;
        }
        text += char;
        readings.push({ type: 'char', char });
      }
      down = new Set(parsed.usages);
      return readings;
    },
    pending: () => text,
    reset() {
      down = new Set();
      text = '';
    },
  };
}

export interface PosReportLayout {
  reportId: number;
  lengthOffset: number;
  dataOffset: number;
  dataMax: number;
  /** Offset of the AIM symbology letter and modifier (two bytes), or null. */
  aimOffset: number | null;
  /** Byte and bit mask that say more reports follow, or null when every barcode fits one report. */
  continuation: { offset: number; mask: number } | null;
}

export const HONEYWELL_POS_LAYOUT: PosReportLayout = {
  reportId: 0x02,
  lengthOffset: 1,
  dataOffset: 2,
  dataMax: 56,
  aimOffset: 59,
  continuation: { offset: 63, mask: 0x01 },
};

export interface PosScan {
  /** The barcode's bytes as Latin-1 text (scanners send ASCII; Latin-1 keeps every byte). */
  text: string;
  /** AIM identifier ("]E0") when the scanner sent one in the report, else null. */
  aim: string | null;
}

export interface PosReportDecoder {
  /** Feeds one input report; returns a scan when this report completes one. */
  push(report: Uint8Array): PosScan | null;
  reset(): void;
}

export function createPosReportDecoder(layout: PosReportLayout = HONEYWELL_POS_LAYOUT): PosReportDecoder {
  let parts: number[] = [];
  return {
    push(report) {
      if (report[0] !== layout.reportId) return null;
      const length = Math.min(report[layout.lengthOffset] ?? 0, layout.dataMax);
      const data = report.subarray(layout.dataOffset, layout.dataOffset + length);
      for (const byte of data) parts.push(byte);
      const more =
        layout.continuation !== null && ((report[layout.continuation.offset] ?? 0) & layout.continuation.mask) !== 0;
      if (more) return null;
      const text = String.fromCharCode(...parts);
      parts = [];
      let aim: string | null = null;
      if (layout.aimOffset !== null) {
        const letter = report[layout.aimOffset] ?? 0;
        const modifier = report[layout.aimOffset + 1] ?? 0;
        if (letter >= 0x41 && letter <= 0x7a && modifier >= 0x30) aim = `]${String.fromCharCode(letter, modifier)}`;
      }
      return { text, aim };
    },
    reset() {
      parts = [];
    },
  };
}

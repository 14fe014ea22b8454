/**
 * Simulated scanners and card readers. They produce the byte streams real devices send (serial
 * text with prefix/suffix and AIM identifiers, HID keyboard and HID POS reports, magnetic stripe
 * tracks, RDM6300 frames), and a simulated device feeds those bytes through the same decoders as
 * the real adapters, so "test scan" in settings and the tests exercise the real path.
 */
import { ok } from '../../shared/result';
import { interpretRead } from '../../shared/codes/read';
import { createKeyboardReportDecoder, createPosReportDecoder, HONEYWELL_POS_LAYOUT } from '../../shared/codes/hidUsage';
import { createRdm6300Decoder, rdm6300Frame } from '../../shared/codes/rfid';
import { trackLrc } from '../../shared/codes/magstripe';
import { createFramer } from './framing';
import type { DeviceConfig, Framing } from './config';
import type { AdapterSink, DeviceAdapter } from './types';

export type SimulatedAction =
  /** A barcode, optionally with the AIM identifier a scanner set to send it would add ("]E0"). */
  | { type: 'scan'; text: string; aim?: string; via?: 'serial' | 'hid-keyboard' | 'hid-pos' }
  /** A magnetic stripe swipe; a track set to null reads as failed (";E?"), `cut` stops mid-track. */
  | { type: 'swipe'; track1?: string | null; track2?: string | null; lrc?: boolean; cut?: number }
  /** A 125 kHz tag (10 hex digits) held to an RDM6300 reader for `frames` frames. */
  | { type: 'tap'; tag: string; frames?: number };

const latin1 = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

/** A serial scanner's bytes for one read. */
export function serialScanBytes(text: string, framing: Pick<Framing, 'prefix' | 'suffix'>, aim = ''): Uint8Array {
  return latin1(`${framing.prefix}${aim}${text}${framing.suffix}`);
}

/** US-layout usage id and Shift for the characters scanners and card readers send. */
const USAGE_OF: ReadonlyMap<string, readonly [number, boolean]> = (() => {
  const map = new Map<string, readonly [number, boolean]>();
  for (let c = 0; c < 26; c++) {
    map.set(String.fromCharCode(97 + c), [0x04 + c, false]);
    map.set(String.fromCharCode(65 + c), [0x04 + c, true]);
  }
  for (let d = 1; d <= 9; d++) map.set(String(d), [0x1d + d, false]);
  map.set('0', [0x27, false]);
  const shiftedDigits = ')!@#$%^&*(';
  for (let d = 0; d <= 9; d++) map.set(shiftedDigits[d] ?? '', [d === 0 ? 0x27 : 0x1d + d, true]);
  const rest: Array<[string, number, boolean]> = [
    ['\r', 0x28, false], ['\t', 0x2b, false], [' ', 0x2c, false],
    ['-', 0x2d, false], ['_', 0x2d, true], ['=', 0x2e, false], ['+', 0x2e, true],
    ['[', 0x2f, false], ['{', 0x2f, true], [']', 0x30, false], ['}', 0x30, true],
    ['\\', 0x31, false], ['|', 0x31, true], [';', 0x33, false], [':', 0x33, true],
    ["'", 0x34, false], ['"', 0x34, true], ['`', 0x35, false], ['~', 0x35, true],
    [',', 0x36, false], ['<', 0x36, true], ['.', 0x37, false], ['>', 0x37, true],
    ['/', 0x38, false], ['?', 0x38, true],
  ];
  for (const [char, usage, shift] of rest) map.set(char, [usage, shift]);
  return map;
})();

/** Boot keyboard reports a keyboard-mode device sends to type `text` and Enter. */
export function hidKeyboardReports(text: string): Uint8Array[] {
  const reports: Uint8Array[] = [];
  for (const char of `${text}\r`) {
    const key = USAGE_OF.get(char);
    if (key === undefined) throw new RangeError('character a keyboard-mode device cannot send');
    reports.push(Uint8Array.from([key[1] ? 0x02 : 0, 0, key[0], 0, 0, 0, 0, 0]));
    reports.push(new Uint8Array(8));
  }
  return reports;
}

/** HID POS Scanned Data Reports for one barcode (Honeywell layout, 64 bytes each). */
export function hidPosReports(text: string, aim = ''): Uint8Array[] {
  const layout = HONEYWELL_POS_LAYOUT;
  const bytes = latin1(text);
  const reports: Uint8Array[] = [];
  for (let i = 0; i === 0 || i < bytes.length; i += layout.dataMax) {
    const part = bytes.subarray(i, i + layout.dataMax);
    const report = new Uint8Array(64);
    report[0] = layout.reportId;
    report[layout.lengthOffset] = part.length;
    report.set(part, layout.dataOffset);
    if (aim.length === 3 && layout.aimOffset !== null) {
      report[layout.aimOffset] = aim.charCodeAt(1);
      report[layout.aimOffset + 1] = aim.charCodeAt(2);
    }
    if (layout.continuation !== null && i + layout.dataMax < bytes.length) {
      report[layout.continuation.offset] = layout.continuation.mask;
    }
    reports.push(report);
  }
  return reports;
}

/** The text a card reader sends for a swipe: each track in its sentinels, failed tracks as "E". */
export function swipeText(action: Extract<SimulatedAction, { type: 'swipe' }>): string {
  const tracks: string[] = [];
  const add = (start: string, data: string | null | undefined, track: 1 | 2) => {
    if (data === undefined) return;
    const text = `${start}${data ?? 'E'}?`;
    tracks.push(action.lrc && data !== null ? `${text}${trackLrc(text, track)}` : text);
  };
  add('%', action.track1, 1);
  add(';', action.track2, 2);
  const text = tracks.join('');
  return action.cut !== undefined ? text.slice(0, action.cut) : text;
}

/** RDM6300 frames for a tag held to the reader. */
export function rdm6300Bytes(tag: string, frames = 1): Uint8Array {
  const frame = rdm6300Frame(tag);
  const bytes = new Uint8Array(frame.length * frames);
  for (let i = 0; i < frames; i++) bytes.set(frame, i * frame.length);
  return bytes;
}

/** Splits bytes the way a serial driver hands them over: in small uneven chunks. */
export function chunked(bytes: Uint8Array, sizes: readonly number[] = [1, 3, 2, 5]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0, n = 0; i < bytes.length; n++) {
    const size = sizes[n % sizes.length] ?? 1;
    chunks.push(bytes.subarray(i, i + size));
    i += size;
  }
  return chunks;
}

export interface SimulatedDevice extends DeviceAdapter {
  perform(action: SimulatedAction): boolean;
}

/** A device that is always present; `perform` runs the action's bytes through the real decoders. */
export function createSimulatedAdapter(config: DeviceConfig): SimulatedDevice {
  let sink: AdapterSink | null = null;
  const readOptions = { magstripeLrc: false, ...(config.uid ? { uid: config.uid } : {}) };
  const framing = { prefix: '\x02', suffix: '\r\n' };

  const feedSerialText = (bytes: Uint8Array, target: AdapterSink, lrc: boolean) => {
    const framer = createFramer(framing);
    for (const chunk of chunked(bytes)) {
      for (const text of framer.push(chunk)) target.read(interpretRead(text, { ...readOptions, magstripeLrc: lrc }));
    }
  };

  return {
    async claim(target) {
      sink = target;
      return ok(undefined);
    },
    async release() {
      sink = null;
    },
    present: () => true,
    perform(action) {
      const target = sink;
      if (target === null) return false;
      switch (action.type) {
        case 'scan': {
          const via = action.via ?? 'serial';
          if (via === 'serial') {
            feedSerialText(serialScanBytes(action.text, framing, action.aim ?? ''), target, false);
          } else if (via === 'hid-keyboard') {
            const decoder = createKeyboardReportDecoder();
            for (const report of hidKeyboardReports(`${action.aim ?? ''}${action.text}`)) {
              for (const reading of decoder.push(report)) {
                if (reading.type === 'end') target.read(interpretRead(reading.text, readOptions));
              }
            }
          } else {
            const decoder = createPosReportDecoder();
            for (const report of hidPosReports(action.text, action.aim ?? '')) {
              const scan = decoder.push(report);
              if (scan !== null) target.read(interpretRead(`${scan.aim ?? ''}${scan.text}`, readOptions));
            }
          }
          return true;
        }
        case 'swipe':
          feedSerialText(latin1(`${framing.prefix}${swipeText(action)}${framing.suffix}`), target, action.lrc ?? false);
          return true;
        case 'tap': {
          const decoder = createRdm6300Decoder();
          for (const chunk of chunked(rdm6300Bytes(action.tag, action.frames ?? 1))) {
            for (const reading of decoder.push(chunk)) {
              target.read(reading.ok ? ok({ kind: 'loyalty', code: reading.value.tag }) : reading);
            }
          }
          return true;
        }
      }
    },
  };
}

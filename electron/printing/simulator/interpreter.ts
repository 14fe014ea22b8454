import iconv from 'iconv-lite';
import { rasteriseQr, type Bitmap } from './qrRaster';

/**
 * An ESC/POS interpreter, written from Epson's command reference, for the simulated printer and the
 * tests: it turns printed bytes
 * back into the lines a person would read off the paper, tracking the selected code page, and keeps
 * what the printer was asked to do besides (QR payloads, cuts, drawer kicks, styles).
 */
export interface Printed {
  lines: string[];
  qr: string[];
  /** The QR symbols as drawn on paper. */
  qrImages: Bitmap[];
  /** Raster images (GS v 0) as drawn: width in dots, rows of 0/1 pixels, 1 = black. */
  images: { width: number; height: number; pixels: number[][] }[];
  cuts: number;
  drawerKicks: number;
  boldLines: string[];
  codePages: number[];
}

/** ESC t n -> code page, for the tables the profiles use (Epson 17/46, Xprinter 23, Bixolon 28). */
const escTables: Record<number, string> = { 0: 'cp437', 17: 'cp866', 46: 'win1251', 23: 'win1251', 28: 'win1251' };
/** ESC GS t n on Star printers (Star's own numbering: 10 = CP866, 34 = Windows-1251). */
const starTables: Record<number, string> = { 0: 'cp437', 1: 'cp437', 10: 'cp866', 34: 'win1251' };

export interface InterpretOptions {
  /** A printer set up with another table number (a custom profile): n -> code page. */
  tables?: Record<number, string>;
}

export function interpret(bytes: Uint8Array, width: number, options: InterpretOptions = {}): Printed {
  const tables = { ...escTables, ...options.tables };
  const star = { ...starTables, ...options.tables };
  const out: Printed = { lines: [], qr: [], qrImages: [], images: [], cuts: 0, drawerKicks: 0, boldLines: [], codePages: [] };
  let codePage = 'cp437';
  let bold = false;
  let center = false;
  let current: number[] = [];
  let qrLine: string | null = null;
  let storedQr: number[] = [];
  let moduleSize = 3;

  const flush = () => {
    let text = qrLine ?? iconv.decode(Buffer.from(current), codePage);
    if (qrLine !== null && center) text = ' '.repeat(Math.floor((width - text.length) / 2)) + text;
    out.lines.push(text);
    if (bold) out.boldLines.push(text);
    current = [];
    qrLine = null;
  };

  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b === 0x0a) {
      flush();
      i += 1;
    } else if (b === 0x10 && bytes[i + 1] === 0x04) {
      i += 3; // DLE EOT n: a status query, answered by the printer and printing nothing.
    } else if (b === 0x1b) {
      const cmd = bytes[i + 1];
      if (cmd === 0x40) {
        codePage = 'cp437';
        bold = false;
        center = false;
        i += 2;
      } else if (cmd === 0x74) {
        const n = bytes[i + 2]!;
        codePage = tables[n] ?? 'cp437';
        out.codePages.push(n);
        i += 3;
      } else if (cmd === 0x1d && bytes[i + 2] === 0x74) {
        const n = bytes[i + 3]!;
        codePage = star[n] ?? 'cp437';
        out.codePages.push(n);
        i += 4;
      } else if (cmd === 0x45) {
        bold = bytes[i + 2] === 1;
        i += 3;
      } else if (cmd === 0x61) {
        center = bytes[i + 2] === 1;
        i += 3;
      } else if (cmd === 0x64) {
        for (let n = 0; n < bytes[i + 2]!; n++) flush();
        i += 3;
      } else if (cmd === 0x70) {
        out.drawerKicks++;
        i += 5;
      } else throw new Error(`unknown ESC command 0x${cmd?.toString(16)} at ${i}`);
    } else if (b === 0x1d) {
      const cmd = bytes[i + 1];
      if (cmd === 0x21) i += 3;
      else if (cmd === 0x56) {
        out.cuts++;
        i += bytes[i + 2] === 0x41 || bytes[i + 2] === 0x42 ? 4 : 3;
      } else if (cmd === 0x28 && bytes[i + 2] === 0x6b) {
        const len = bytes[i + 3]! + bytes[i + 4]! * 256;
        const fn = bytes[i + 6];
        const data = Array.from(bytes.slice(i + 8, i + 5 + len));
        if (fn === 0x43) moduleSize = bytes[i + 7] ?? 3;
        if (fn === 0x50) storedQr = data;
        if (fn === 0x51) {
          out.qr.push(Buffer.from(storedQr).toString('utf8'));
          out.qrImages.push(rasteriseQr(Uint8Array.from(storedQr), moduleSize));
          qrLine = '[QR]';
        }
        i += 5 + len;
      } else if (cmd === 0x76 && bytes[i + 2] === 0x30) {
        const rowBytes = bytes[i + 4]! + bytes[i + 5]! * 256;
        const height = bytes[i + 6]! + bytes[i + 7]! * 256;
        const data = bytes.subarray(i + 8, i + 8 + rowBytes * height);
        const pixels = Array.from({ length: height }, (_, y) =>
          Array.from({ length: rowBytes * 8 }, (_, x) => ((data[y * rowBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1),
        );
        out.images.push({ width: rowBytes * 8, height, pixels });
        qrLine = '[LOGO]';
        i += 8 + rowBytes * height;
      } else throw new Error(`unknown GS command 0x${cmd?.toString(16)} at ${i}`);
    } else {
      current.push(b);
      i += 1;
    }
  }
  if (current.length > 0) flush();
  return out;
}

import iconv from 'iconv-lite';
import type { Block, ReceiptDocument } from '../../shared/receipt/document';
import { align, pair, stampRows, wrap } from '../../shared/receipt/layout';
import { printableDocument, toPrintable } from '../../shared/receipt/printable';
import type { PrinterProfile } from './profiles';

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

/** Text in the profile's code page (already made printable by printableDocument). */
export function encodeText(text: string, profile: PrinterProfile): Uint8Array {
  return iconv.encode(toPrintable(text, profile.codePage), profile.codePage);
}

/** Bytes appended to one growing buffer: a receipt is built without an array of numbers. */
class ByteWriter {
  private buf = new Uint8Array(4096);
  private length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  push(...bytes: number[]): void {
    this.room(bytes.length);
    for (const b of bytes) this.buf[this.length++] = b;
  }
  append(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** The document as ESC/POS bytes. Lines are laid out exactly as shared/receipt/layout previews them. */
export function encodeDocument(source: ReceiptDocument, profile: PrinterProfile): Uint8Array {
  const doc = printableDocument(source, profile.codePage);
  const out = new ByteWriter();
  out.push(ESC, 0x40);
  if (profile.star) out.push(ESC, GS, 0x74, profile.codePageNumber);
  else out.push(ESC, 0x74, profile.codePageNumber);
  const line = (text: string) => {
    out.append(encodeText(text, profile));
    out.push(LF);
  };
  for (const block of doc.blocks) encodeBlock(block, doc.width, out, line);
  return out.bytes();
}

function encodeBlock(block: Block, width: number, parts: ByteWriter, line: (text: string) => void): void {
  switch (block.type) {
    case 'text': {
      const columns = block.double ? Math.floor(width / 2) : width;
      if (block.bold) parts.push(ESC, 0x45, 1);
      if (block.double) parts.push(GS, 0x21, 0x11);
      for (const l of wrap(block.text, columns)) line(align(l, columns, block.align));
      if (block.double) parts.push(GS, 0x21, 0x00);
      if (block.bold) parts.push(ESC, 0x45, 0);
      return;
    }
    case 'pair':
      if (block.bold) parts.push(ESC, 0x45, 1);
      for (const l of pair(block.left, block.right, width)) line(l);
      if (block.bold) parts.push(ESC, 0x45, 0);
      return;
    case 'rule':
      line('-'.repeat(width));
      return;
    case 'stamps':
      for (const l of stampRows(block.filled, block.size, width)) line(l);
      return;
    case 'qr': {
      const data = Buffer.from(block.data, 'utf8');
      const store = data.length + 3;
      parts.push(ESC, 0x61, 1);
      // GS ( k: QR model 2, module size 6, error correction M, store the data, print it.
      parts.push(GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00);
      parts.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, 6);
      parts.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31);
      parts.push(GS, 0x28, 0x6b, store % 256, Math.floor(store / 256), 0x31, 0x50, 0x30);
      parts.append(data);
      parts.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30);
      parts.push(LF, ESC, 0x61, 0);
      for (const l of wrap(toPrintable(block.data, 'cp866'), width)) line(align(l, width, 'center'));
      return;
    }
    case 'image': {
      // GS v 0: a raster bit image, m = 0 (normal size), x in bytes per row, y in dots.
      const { width: dots, height } = block.image;
      const rowBytes = Math.ceil(dots / 8);
      const raster = new Uint8Array(rowBytes * height);
      raster.set(Buffer.from(block.image.bits, 'base64').subarray(0, raster.length));
      // DLE EOT / DLE ENQ are real-time commands: a printer acts on 0x10 0x04..0x05 even inside image
      // data, and would answer a status byte mid-receipt. Lighten that one dot instead.
      for (let i = 0; i + 1 < raster.length; i++) if (raster[i] === 0x10 && (raster[i + 1] === 0x04 || raster[i + 1] === 0x05)) raster[i] = 0x00;
      parts.push(ESC, 0x61, 1);
      parts.push(GS, 0x76, 0x30, 0, rowBytes % 256, Math.floor(rowBytes / 256), height % 256, Math.floor(height / 256));
      parts.append(raster);
      parts.push(LF, ESC, 0x61, 0);
      return;
    }
    case 'feed':
      parts.push(ESC, 0x64, block.lines);
      return;
    case 'cut':
      parts.push(GS, 0x56, 0x42, 0x00);
      return;
    case 'drawer':
      parts.push(ESC, 0x70, 0x00, 0x19, 0xfa);
      return;
  }
}

import type { Align, Block, ReceiptDocument } from './document';
import { IMAGE_PLACEHOLDER, STAMP_EMPTY, STAMP_FILLED } from './document';
import { toPrintable } from './printable';

/** Splits text into lines of at most `width` characters, at spaces where it can. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (word.length > width) {
        if (line) lines.push(line);
        for (let i = 0; i < word.length; i += width) lines.push(word.slice(i, i + width));
        line = lines.pop() ?? '';
        continue;
      }
      if (!line) line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

export function align(text: string, width: number, how: Align = 'left'): string {
  const room = Math.max(0, width - text.length);
  if (how === 'center') return ' '.repeat(Math.floor(room / 2)) + text;
  if (how === 'right') return ' '.repeat(room) + text;
  return text;
}

/**
 * A label and its value on one line; a label too long for that wraps, keeping its indent (a
 * discount under its item stays under it), and the value goes on the label's last line when it fits.
 */
export function pair(left: string, right: string, width: number): string[] {
  if (left.length + 1 + right.length <= width) return [left + ' '.repeat(width - left.length - right.length) + right];
  const indent = /^ */.exec(left)![0].slice(0, Math.floor(width / 4));
  const lines = wrap(left.slice(indent.length), width - indent.length).map((l) => indent + l);
  const last = lines[lines.length - 1]!;
  if (right !== '' && last.length + 1 + right.length <= width) lines[lines.length - 1] = last + ' '.repeat(width - last.length - right.length) + right;
  else if (right !== '') lines.push(align(right, width, 'right'));
  return lines;
}

/** Stamps in rows that fit the paper: 10 on a line at 32 columns, all on one at 48 for small cards. */
export function stampRows(filled: number, size: number, width: number): string[] {
  const perRow = Math.max(1, Math.floor((width + 1) / (STAMP_FILLED.length + 1)));
  const cells = Array.from({ length: size }, (_, i) => (i < filled ? STAMP_FILLED : STAMP_EMPTY));
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += perRow) rows.push(align(cells.slice(i, i + perRow).join(' '), width, 'center'));
  return rows;
}

/**
 * The document as the lines a person reads off the paper. The QR code shows as a box with its
 * payload; double-size text takes two columns a character, as on the printer.
 */
export function previewLines(doc: ReceiptDocument): string[] {
  const out: string[] = [];
  for (const block of doc.blocks) out.push(...blockLines(block, doc.width));
  return out;
}

function blockLines(block: Block, width: number): string[] {
  switch (block.type) {
    case 'text': {
      const columns = block.double ? Math.floor(width / 2) : width;
      return wrap(block.text, columns).map((l) => align(l, columns, block.align));
    }
    case 'pair':
      return pair(block.left, block.right, width);
    case 'rule':
      return ['-'.repeat(width)];
    case 'stamps':
      return stampRows(block.filled, block.size, width);
    case 'qr':
      return [align('[QR]', width, 'center'), ...wrap(toPrintable(block.data, 'cp866'), width).map((l) => align(l, width, 'center'))];
    case 'image':
      return [align(IMAGE_PLACEHOLDER, width, 'center')];
    case 'feed':
      return Array.from({ length: block.lines }, () => '');
    case 'cut':
    case 'drawer':
      return [];
  }
}

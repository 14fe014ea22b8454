/**
 * A receipt as a document, before it is bytes: what the printer prints and what the UI previews
 * are made from the same blocks (shared/receipt/preview.ts and electron/printing/escpos.ts), so
 * what you see is what prints. Texts are already translated; the printer knows nothing of languages.
 */
export type Align = 'left' | 'center' | 'right';

export type Block =
  | { type: 'text'; text: string; align?: Align; bold?: boolean; double?: boolean }
  /** A label on the left and a value on the right, dots or spaces between. */
  | { type: 'pair'; left: string; right: string; bold?: boolean }
  | { type: 'rule' }
  /** The stamp card drawn as a row of filled and empty stamps. */
  | { type: 'stamps'; filled: number; size: number }
  | { type: 'qr'; data: string }
  | { type: 'feed'; lines: number }
  | { type: 'cut' }
  /** Opens the cash drawer wired to the printer. */
  | { type: 'drawer' };

export type Width = 32 | 48;

export interface ReceiptDocument {
  /** Characters per line: 32 on 58 mm paper, 48 on 80 mm. */
  width: Width;
  blocks: Block[];
}

/** How a stamp is drawn: characters every code page has, so no printer shows a wrong glyph. */
export const STAMP_FILLED = '(*)';
export const STAMP_EMPTY = '( )';

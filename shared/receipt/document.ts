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
  /** A one-bit picture (the store's logo), printed as a raster image, centred. */
  | { type: 'image'; image: MonoImage }
  | { type: 'feed'; lines: number }
  | { type: 'cut' }
  /** Opens the cash drawer wired to the printer. */
  | { type: 'drawer' };

export type Width = 32 | 48;

/**
 * A black-and-white picture as a printer takes it: rows of ceil(width / 8) bytes, the leftmost pixel
 * in the high bit, 1 = black, base64. At most 384 dots wide (58 mm paper) so it fits every printer.
 */
export interface MonoImage {
  width: number;
  height: number;
  bits: string;
}

export const MAX_IMAGE_WIDTH = 384;
export const MAX_IMAGE_HEIGHT = 240;
/** What the preview shows where the picture prints. */
export const IMAGE_PLACEHOLDER = '[LOGO]';

export interface ReceiptDocument {
  /** Characters per line: 32 on 58 mm paper, 48 on 80 mm. */
  width: Width;
  blocks: Block[];
}

/** How a stamp is drawn: characters every code page has, so no printer shows a wrong glyph. */
export const STAMP_FILLED = '(*)';
export const STAMP_EMPTY = '( )';

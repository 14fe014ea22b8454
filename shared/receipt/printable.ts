import type { Block, ReceiptDocument } from './document';

/**
 * What a receipt printer's code page can print. Texts are brought into it before layout, so the
 * preview and the paper wrap the same way and no character comes out as a wrong glyph: typographic
 * quotes and dashes become plain ones, accented Latin letters lose their accents, and the euro and
 * rouble signs become words.
 */
export type CodePageName = 'cp866' | 'win1251';

const both = /^[\x20-\x7e\u0410-\u044f\u0401\u0451]$/u;
const extra: Record<CodePageName, string> = {
  // CP866 has № and the box-drawing set, but no typographic quotes or dashes.
  cp866: '№',
  win1251: '№«»„“”‘’–—…',
};

const plain: Record<string, string> = {
  '„': '"',
  '“': '"',
  '”': '"',
  '«': '"',
  '»': '"',
  '‘': "'",
  '’': "'",
  '–': '-',
  '—': '-',
  '−': '-',
  '…': '...',
  '€': 'EUR',
  '₽': 'руб.',
  '№': 'No',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\t': ' ',
};

export function isPrintable(ch: string, codePage: CodePageName): boolean {
  return both.test(ch) || extra[codePage].includes(ch);
}

export function toPrintable(text: string, codePage: CodePageName): string {
  let out = '';
  for (const ch of text) {
    if (isPrintable(ch, codePage)) out += ch;
    else if (plain[ch] !== undefined) out += plain[ch];
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += [...base].every((c) => isPrintable(c, codePage)) && base !== '' ? base : '?';
    }
  }
  return out;
}

/** The document with every text brought into the code page; lay this out for preview and paper alike. */
export function printableDocument(doc: ReceiptDocument, codePage: CodePageName): ReceiptDocument {
  const p = (s: string) => toPrintable(s, codePage);
  const block = (b: Block): Block => {
    switch (b.type) {
      case 'text':
        return { ...b, text: p(b.text) };
      case 'pair':
        return { ...b, left: p(b.left), right: p(b.right) };
      case 'qr':
        return b; // The QR code carries UTF-8 bytes; only its caption is text, laid out from the data.
      default:
        return b;
    }
  };
  return { width: doc.width, blocks: doc.blocks.map(block) };
}

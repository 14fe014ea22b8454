/**
 * Printer profiles: which code page Cyrillic is printed in and the number that selects it, which
 * differs by maker. Written directly rather than through @node-escpos/core, whose encoder defaults
 * to GB18030 and has no per-maker code-page table (TOOLCHAIN.md); ours is checked byte for byte.
 */
import type { CodePageName } from '../../shared/receipt/printable';

export type CodePage = CodePageName;

export interface PrinterProfile {
  id: string;
  name: string;
  codePage: CodePage;
  /** The n of ESC t n (or of ESC GS t n on Star printers). */
  codePageNumber: number;
  /** Star printers in ESC/POS emulation select code pages with ESC GS t. */
  star: boolean;
}

export const printerProfiles: readonly PrinterProfile[] = [
  { id: 'epson-cp866', name: 'Epson (CP866)', codePage: 'cp866', codePageNumber: 17, star: false },
  { id: 'epson-wpc1251', name: 'Epson (Windows-1251)', codePage: 'win1251', codePageNumber: 46, star: false },
  { id: 'xprinter-wpc1251', name: 'Xprinter / POS-58 (Windows-1251)', codePage: 'win1251', codePageNumber: 23, star: false },
];

/** A printer not in the list: the code page and its number from the printer's self-test page. */
export function customProfile(codePage: CodePage, codePageNumber: number, star = false): PrinterProfile {
  return { id: `custom-${codePage}-${codePageNumber}${star ? '-star' : ''}`, name: 'Custom', codePage, codePageNumber, star };
}

/**
 * Printer profiles: which code page Cyrillic is printed in and the number that selects it, which
 * differs by maker. Written directly rather than through @node-escpos/core, whose encoder defaults
 * to GB18030 and has no per-maker code-page table (TOOLCHAIN.md, docs/devices.md); ours is checked
 * byte for byte against golden files.
 */
import type { CodePageName } from '../../shared/receipt/printable';
import type { PrinterConfig } from '../../shared/receipt/printer';

export type CodePage = CodePageName;

export interface PrinterProfile {
  id: string;
  name: string;
  codePage: CodePage;
  /** The n of ESC t n (or of ESC GS t n on Star printers). */
  codePageNumber: number;
  /** Star printers select code pages with ESC GS t. */
  star: boolean;
}

export const printerProfiles: readonly PrinterProfile[] = [
  { id: 'epson-cp866', name: 'Epson (CP866)', codePage: 'cp866', codePageNumber: 17, star: false },
  { id: 'epson-wpc1251', name: 'Epson (Windows-1251)', codePage: 'win1251', codePageNumber: 46, star: false },
  { id: 'xprinter-wpc1251', name: 'Xprinter / POS-58 (Windows-1251)', codePage: 'win1251', codePageNumber: 23, star: false },
  { id: 'bixolon-wpc1251', name: 'Bixolon (Windows-1251)', codePage: 'win1251', codePageNumber: 28, star: false },
  { id: 'star-cp866', name: 'Star (CP866)', codePage: 'cp866', codePageNumber: 10, star: true },
  { id: 'star-wpc1251', name: 'Star (Windows-1251)', codePage: 'win1251', codePageNumber: 34, star: true },
];

/** A printer not in the list: the code page and its number from the printer's self-test page. */
export function customProfile(codePage: CodePage, codePageNumber: number, star = false): PrinterProfile {
  return { id: 'custom', name: `Custom (${codePage === 'cp866' ? 'CP866' : 'Windows-1251'}, ${star ? 'ESC GS t' : 'ESC t'} ${codePageNumber})`, codePage, codePageNumber, star };
}

/** The profile a configuration asks for: a built-in one, 'custom' with its code page, or else Epson CP866. */
export function profileFor(config: PrinterConfig): PrinterProfile {
  if (config.transport === 'none') return printerProfiles[0]!;
  if (config.profileId === 'custom' && config.custom) return customProfile(config.custom.codePage, config.custom.number, config.custom.star);
  return printerProfiles.find((p) => p.id === config.profileId) ?? printerProfiles[0]!;
}

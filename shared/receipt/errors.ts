/** Errors of printers and print jobs. */
export const printingErrorCodes = ['printer.not_configured', 'printer.offline', 'printer.paper_out', 'printer.cover_open', 'printer.dropped', 'printer.nothing_to_reprint'] as const;
export type PrintingErrorCode = (typeof printingErrorCodes)[number];

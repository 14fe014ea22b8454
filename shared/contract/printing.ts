import { z } from 'zod';
import { command, returns } from './command';
import { everyone, managers } from './roles';
import { id } from './counter';
import { printerConfigSchema, type PrinterConfig, type PrinterState } from '../receipt/printer';
import type { SaleSummary } from './sales';

export interface PrinterInfo {
  config: PrinterConfig;
  state: PrinterState;
  profiles: { id: string; name: string }[];
}

/** The receipt printer: settings, status, test page, reprint, and the customer's stamp receipt. */
export const printingCommands = {
  'printer.get': command({
    summary: 'The receipt printer: settings, status and the profiles to choose from (`check`: ask the printer now, DLE EOT).',
    input: z.object({ check: z.boolean().optional() }).strict(),
    access: everyone,
    returns: returns<PrinterInfo>(),
  }),
  'printer.configure': command({
    summary: 'Set up the receipt printer (network address or USB device, code-page profile, paper width).',
    input: z.object({ printer: printerConfigSchema }).strict(),
    access: managers,
    returns: returns<PrinterInfo>(),
  }),
  'printer.simulatorOutput': command({
    summary: 'What the simulated printer has printed, newest first, as lines of text.',
    input: z.object({ limit: z.int().min(1).max(20).default(3) }).strict(),
    access: everyone,
    returns: returns<{ lines: string[]; qr: string[] }[]>(),
  }),
  'printer.test': command({
    summary: 'Print a test page: Cyrillic in the chosen code page, the paper width, a QR code.',
    input: z.object({}).strict(),
    access: everyone,
    returns: returns<{ jobId: string }>(),
  }),
  'printer.reprintLast': command({
    summary: 'Print the last receipt again (printing never touches the ledger: a reprint stamps nothing).',
    input: z.object({}).strict(),
    access: everyone,
    returns: returns<{ jobId: string }>(),
  }),
  'receipt.preview': command({
    summary: "The customer's stamp receipt exactly as it would print, line by line.",
    input: z.object({ customerId: id, operationId: id.optional() }).strict(),
    access: everyone,
    returns: returns<{ lines: string[]; width: number }>(),
  }),
  'receipt.printSale': command({
    summary: 'Print the itemised receipt of a past sale again, marked as a copy (printing never touches the ledger).',
    input: z.object({ saleId: id }).strict(),
    access: everyone,
    returns: returns<{ jobId: string }>(),
  }),
  'receipt.find': command({
    summary:
      "Past sales whose receipt a customer comes back for: the sale with that number, or every sale of a day (YYYY-MM-DD, the store's time zone), newest first.",
    input: z
      .object({ number: z.int().min(1).optional(), day: z.iso.date().optional(), limit: z.int().min(1).max(500).default(200) })
      .strict()
      .refine((x) => (x.number === undefined) !== (x.day === undefined), { message: 'number or day', path: ['number'] }),
    // As the shift's own sales list (sale.recent): the till's staff, who see customers' names on it.
    access: ['cashier', 'manager'],
    returns: returns<SaleSummary[]>(),
  }),
  'receipt.previewSale': command({
    summary: 'The itemised receipt of a sale exactly as it prints, line by line.',
    input: z.object({ saleId: id }).strict(),
    access: everyone,
    returns: returns<{ lines: string[]; width: number }>(),
  }),
  'receipt.print': command({
    summary: "Print the customer's stamp receipt now (`operationId`: of that quick stamp, with what the engine chose for its receipt).",
    input: z.object({ customerId: id, operationId: id.optional() }).strict(),
    access: everyone,
    returns: returns<{ jobId: string }>(),
  }),
} as const;

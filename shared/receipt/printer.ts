import { z } from 'zod';

/** A receipt printer's settings, as the settings screen edits them. */
export const printerConfigSchema = z.discriminatedUnion('transport', [
  z.object({ transport: z.literal('none') }).strict(),
  z
    .object({
      transport: z.literal('tcp'),
      host: z.string().min(1).max(255),
      port: z.int().min(1).max(65535).default(9100),
      profileId: z.string().min(1).max(40),
      width: z.union([z.literal(32), z.literal(48)]).default(48),
    })
    .strict(),
  /** The built-in simulated printer: receipts appear on screen (a demo or a till without a printer yet). */
  z
    .object({
      transport: z.literal('simulator'),
      profileId: z.string().min(1).max(40),
      width: z.union([z.literal(32), z.literal(48)]).default(48),
    })
    .strict(),
  z
    .object({
      transport: z.literal('device'),
      path: z.string().min(1).max(255),
      profileId: z.string().min(1).max(40),
      width: z.union([z.literal(32), z.literal(48)]).default(48),
    })
    .strict(),
]);
export type PrinterConfig = z.infer<typeof printerConfigSchema>;

export interface PrinterState {
  configured: boolean;
  online: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  queued: number;
  lastError: string | null;
}

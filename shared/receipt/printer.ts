import { z } from 'zod';

/**
 * For a printer no built-in profile fits: the code page and the number that selects it, read off
 * the printer's self-test page. Star printers select code pages with ESC GS t instead of ESC t.
 */
export const customCodePageSchema = z
  .object({
    codePage: z.enum(['cp866', 'win1251']),
    number: z.int().min(0).max(255),
    star: z.boolean().default(false),
  })
  .strict();
export type CustomCodePage = z.infer<typeof customCodePageSchema>;

const common = {
  /** A built-in profile's id, or 'custom' with `custom` set. */
  profileId: z.string().min(1).max(40),
  custom: customCodePageSchema.optional(),
  width: z.union([z.literal(32), z.literal(48)]).default(48),
};

/** A receipt printer's settings, as the settings screen edits them. */
export const printerConfigSchema = z.discriminatedUnion('transport', [
  z.object({ transport: z.literal('none') }).strict(),
  z
    .object({
      transport: z.literal('tcp'),
      host: z.string().min(1).max(255),
      port: z.int().min(1).max(65535).default(9100),
      ...common,
    })
    .strict(),
  /** The built-in simulated printer: receipts appear on screen (a demo or a till without a printer yet). */
  z
    .object({
      transport: z.literal('simulator'),
      ...common,
    })
    .strict(),
  /** A USB printer's device file (/dev/usb/lp0 on Linux): bytes go in as they are. */
  z
    .object({
      transport: z.literal('device'),
      path: z.string().min(1).max(255),
      ...common,
    })
    .strict(),
  /** A serial printer (RS-232, or a USB printer that appears as a serial port), with its line settings. */
  z
    .object({
      transport: z.literal('serial'),
      path: z.string().min(1).max(255),
      baudRate: z.int().positive().default(9600),
      parity: z.enum(['none', 'even', 'odd']).default('none'),
      stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
      rtscts: z.boolean().default(false),
      ...common,
    })
    .strict(),
]);
export type PrinterConfig = z.infer<typeof printerConfigSchema>;

/**
 * What the printer last said (DLE EOT) and the queue's state. The status bar and settings colour it:
 * green ready, amber paper near end or jobs waiting, red a problem that stops printing.
 */
export interface PrinterState {
  configured: boolean;
  online: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  queued: number;
  lastError: string | null;
  /** When the printer last answered a status query (epoch ms), or null. */
  checkedAt?: number | null;
}

/** The store's logo as saved in settings (`store.logo`): a one-bit picture that fits 58 mm paper. */
export const monoImageSchema = z
  .object({
    width: z.int().min(8).max(384),
    height: z.int().min(1).max(240),
    bits: z.base64(),
  })
  .strict()
  .refine((img) => Math.ceil((img.bits.length * 3) / 4) >= Math.ceil(img.width / 8) * img.height - 2, { message: 'bits too short for width x height' });

/** A partner's coupon printed on every stamp receipt while set (`receipt.coupon`). */
export const partnerCouponSchema = z
  .object({
    partner: z.string().min(1).max(60),
    text: z.string().min(1).max(120),
    code: z.string().min(1).max(24),
  })
  .strict();

/**
 * The printer's light in the status bar and settings: green 'ready'; amber 'warning' (paper near
 * end, still printing); red 'problem' (offline, paper out, cover open: receipts wait in the queue);
 * grey 'none' (no printer set up). `detail` is an error code or 'printer.paper_near_end'.
 */
export type PrinterLight = 'none' | 'ready' | 'warning' | 'problem';

export function printerLight(state: PrinterState): { light: PrinterLight; detail: string | null } {
  if (!state.configured) return { light: 'none', detail: null };
  if (state.lastError !== null) return { light: 'problem', detail: state.lastError };
  if (state.paperNearEnd) return { light: 'warning', detail: 'printer.paper_near_end' };
  return { light: 'ready', detail: null };
}

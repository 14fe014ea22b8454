import { z } from 'zod';
import { command, returns } from './command';
import { managers } from './roles';
import { id, idempotencyKey } from './counter';
import type { CustomerView } from './views';

/** What a manager may adjust: a stamp card's stamps, points, or rewards of one kind in the wallet. */
export const adjustableAsset = z.string().regex(/^(points|stamps:[a-z0-9][a-z0-9-]{0,49}|reward:[a-z0-9][a-z0-9-]{0,49})$/);

export interface AdjustResult {
  operationId: string;
  asset: string;
  change: number;
  /** The customer's balance of the asset after the adjustment. */
  balance: number;
  /** Stamps added that filled a card turned into this many rewards. */
  rewardsEarned: number;
  view: CustomerView;
}

export const exportKinds = ['customers', 'balances', 'ledger'] as const;
export type ExportKind = (typeof exportKinds)[number];

/** An export file: its suggested name, its type and its whole text (CSV starts with a UTF-8 BOM). */
export interface ExportFile {
  fileName: string;
  mimeType: string;
  content: string;
  rows: number;
}

/** A manager's back-office commands: manual adjustments and data export. Both are audited. */
export const backofficeCommands = {
  'ledger.adjust': command({
    summary:
      'Manager only: add (change > 0) or remove (change < 0) stamps, points or rewards for a customer, with a reason. A removal takes the oldest lots first and never goes below zero.',
    input: z
      .object({
        customerId: id,
        asset: adjustableAsset,
        change: z
          .int()
          .min(-10_000)
          .max(10_000)
          .refine((n) => n !== 0),
        reason: z.string().trim().min(3).max(200),
        idempotencyKey,
      })
      .strict(),
    access: managers,
    returns: returns<AdjustResult>(),
  }),
  'data.export': command({
    summary:
      "Manager only: the store's customers (with consent flags and times), their balances, or the ledger of a date range, as CSV (UTF-8 with BOM, opens in Excel) or JSON. No PINs; card codes only in the customers file.",
    input: z
      .object({
        what: z.enum(exportKinds),
        format: z.enum(['csv', 'json']).default('csv'),
        /** Ledger only: entries at or after this UTC epoch ms, and before `to`. */
        from: z.int().min(0).optional(),
        to: z.int().min(0).optional(),
      })
      .strict()
      .refine((x) => x.from === undefined || x.to === undefined || x.from < x.to, { path: ['to'] }),
    access: managers,
    returns: returns<ExportFile>(),
  }),
} as const;

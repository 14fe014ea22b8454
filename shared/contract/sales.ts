import { z } from 'zod';
import { command, returns } from './command';
import { everyone, managers, type Role } from './roles';
import { id, idempotencyKey, pin } from './counter';
import type { Catalogue } from '../domain/catalogue';
import type { PricedOrder } from '../domain/sale';
import type { CustomerView } from './views';
import type { Explanation } from '../domain/ledger';
import type { KeptExtra } from '../receipt/extras';

const tillStaff: readonly Role[] = ['cashier', 'manager'];
const localText = z.object({ bg: z.string().min(1).max(80), ru: z.string().min(1).max(80), en: z.string().min(1).max(80) });
const key = z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/);
const orderLines = z
  .array(z.object({ itemId: key, quantity: z.int().min(1).max(99), modifierIds: z.array(key).max(10).default([]) }).strict())
  .min(1)
  .max(100);

export interface SaleResult {
  saleId: string;
  number: number;
  order: PricedOrder;
  changeMinor: number;
  /** Cash was taken: the drawer opens. */
  openDrawer: boolean;
  customer: CustomerView | null;
  /**
   * What the loyalty engine printed on the receipt (a partner's coupon, points about to expire), for
   * the counter to show as well; empty for a sale without a customer.
   */
  receiptExtras: KeptExtra[];
}

export interface RefundResult {
  refundId: string;
  saleId: string;
  amountMinor: number;
  cashMinor: number;
  customer: CustomerView | null;
  /** What the refunded sale earned that was already spent: the customer owes it, repaid from their next earnings. */
  owed: { asset: string; amount: number }[];
  /** Why, for the cashier (i18n keys loyalty.reverse.*). */
  notes: Explanation[];
}

export interface SaleSummary {
  saleId: string;
  number: number;
  totalMinor: number;
  customerName: string | null;
  staffName: string;
  createdAt: number;
  refunded: 'refund' | 'void' | null;
}

/** Ringing up orders: the catalogue, a live price with loyalty, tenders, refunds and voids. */
export const saleCommands = {
  'catalogue.get': command({
    summary: 'Categories, items and modifiers on sale.',
    input: z.object({}).strict(),
    access: everyone,
    returns: returns<Catalogue>(),
  }),
  'catalogue.save': command({
    summary: 'Replace the catalogue (items left out are taken off sale, never deleted: past sales refer to them).',
    input: z
      .object({
        categories: z.array(z.object({ id: key, name: localText, position: z.int().min(0) }).strict()).max(100),
        items: z
          .array(
            z
              .object({
                id: key,
                categoryId: key,
                name: localText,
                priceMinor: z.int().min(0).max(10_000_000),
                barcode: z.string().regex(/^\d{8}$|^\d{12,13}$/).nullable(),
                position: z.int().min(0),
              })
              .strict(),
          )
          .max(2000),
        modifiers: z.array(z.object({ id: key, name: localText, priceMinor: z.int().min(0).max(1_000_000) }).strict()).max(200),
      })
      .strict(),
    access: managers,
    returns: returns<Catalogue>(),
  }),
  'sale.quote': command({
    summary: "Price an order live: totals, rewards applied, the customer's tier discount, stamps and points it will earn.",
    input: z.object({ lines: orderLines, customerId: id.optional(), rewardIds: z.array(key).max(10).default([]) }).strict(),
    access: everyone,
    returns: returns<PricedOrder>(),
  }),
  'sale.complete': command({
    summary: 'Complete a sale: sale, lines, tenders, loyalty entries and outbox in one transaction.',
    input: z
      .object({
        lines: orderLines,
        customerId: id.optional(),
        rewardIds: z.array(key).max(10).default([]),
        tenders: z
          .array(z.object({ kind: z.enum(['cash', 'card', 'voucher']), amountMinor: z.int().min(0).max(100_000_000), reference: z.string().max(64).optional() }).strict())
          .min(1)
          .max(5),
        visitId: idempotencyKey.optional(),
        idempotencyKey,
      })
      .strict(),
    access: tillStaff,
    returns: returns<SaleResult>(),
  }),
  'sale.recent': command({
    summary: 'Sales of the open shift, newest first, with whether each was refunded or voided.',
    input: z.object({ limit: z.int().min(1).max(200).default(30) }).strict(),
    access: tillStaff,
    returns: returns<SaleSummary[]>(),
  }),
  'sale.refund': command({
    summary: 'Refund or void a whole sale, reversing exactly its loyalty effects; needs a manager (or a manager PIN) and a reason.',
    input: z
      .object({ saleId: id, kind: z.enum(['refund', 'void']), reason: z.string().trim().min(3).max(200), managerPin: pin.optional(), idempotencyKey })
      .strict(),
    access: tillStaff,
    returns: returns<RefundResult>(),
  }),
} as const;

import type { LedgerEntry } from './ledger';
import type { Locale } from '../i18n/locale';

/**
 * Business events a terminal records in its outbox, in the same transaction as the change. They are
 * what HQ receives; their shape is part of the sync wire format, so change it only by adding a new
 * event type or an optional field.
 */
export interface CustomerRecord {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  birthday: string | null;
  language: Locale;
  marketingConsent: boolean;
  marketingConsentAt: number | null;
  enrolledAt: number;
  enrolledBy: string;
}

/** A completed sale as HQ receives it (amounts in minor units of `currency`). */
export interface SaleRecord {
  id: string;
  number: number;
  shiftId: string;
  staffId: string;
  customerId: string | null;
  currency: string;
  subtotalMinor: number;
  discountMinor: number;
  totalMinor: number;
  lines: { lineNo: number; itemId: string; categoryId: string; quantity: number; unitPriceMinor: number; modifiersMinor: number; discountMinor: number; totalMinor: number }[];
  tenders: { kind: string; amountMinor: number; appliedMinor: number; reference: string | null }[];
  operationId: string | null;
  createdAt: number;
}

export type DomainEvent =
  | { type: 'customer.enrolled'; customer: CustomerRecord }
  | { type: 'card.linked'; customerId: string; code: string; linkedAt: number }
  | { type: 'sale.completed'; sale: SaleRecord }
  | { type: 'program.published'; version: number; document: unknown; publishedAt: number }
  | { type: 'sale.refunded'; saleId: string; refundId: string; kind: 'refund' | 'void'; reason: string; amountMinor: number; approvedBy: string; at: number }
  /** The audit log's head as the Z-report of a shift printed it: HQ keeps it, so a removed tail shows. */
  | { type: 'audit.anchored'; shiftId: string; zNumber: number; records: number; headHash: string; at: number }
  | {
      type: 'ledger.recorded';
      operationId: string;
      customerId: string;
      command: string;
      entries: LedgerEntry[];
    };

export type DomainEventType = DomainEvent['type'];

/** An outbox row as the sync worker reads it. */
export interface OutboxEvent {
  seq: number;
  id: string;
  type: DomainEventType;
  payload: DomainEvent;
  hlc: string;
  createdAt: number;
}

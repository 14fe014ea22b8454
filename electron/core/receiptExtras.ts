import { prepared, type Db } from '../db/connection';
import type { KeptPart } from '../../shared/receipt/extras';

/**
 * The receipt extras an operation's evaluation produced (migration 012), written in the caller's
 * transaction beside the operation: under the sale's id for a sale, the operation's id for a quick
 * stamp. Nothing is written when there is nothing to print. A sale's discounts, each with what it
 * was, are kept in the same row (shared/receipt/extras.ts KeptDiscount).
 */
export function keepReceiptExtras(db: Db, id: string, customerId: string, extras: readonly KeptPart[]): void {
  if (extras.length === 0) return;
  prepared(db, 'INSERT INTO receipt_extras (id, customer_id, extras) VALUES (?, ?, ?)').run(id, customerId, JSON.stringify(extras));
}

export function keptReceiptExtras(db: Db, id: string | null): KeptPart[] {
  if (id === null) return [];
  const row = prepared(db, 'SELECT extras FROM receipt_extras WHERE id = ?').get(id) as { extras: string } | undefined;
  return row ? (JSON.parse(row.extras) as KeptPart[]) : [];
}

import { prepared, type Db } from '../connection';
import type { DomainEvent } from '../../../shared/domain/events';

/**
 * Appends a business event. Call it inside the transaction that makes the change it describes, so
 * the change and its event commit together or not at all. Returns the terminal sequence number.
 */
export function appendOutbox(
  db: Db,
  event: { id: string; hlc: string; createdAt: number; payload: DomainEvent; seq?: number },
): number {
  const info = prepared(db, 'INSERT INTO outbox (seq, id, type, payload, hlc, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(event.seq ?? null, event.id, event.payload.type, JSON.stringify(event.payload), event.hlc, event.createdAt);
  return Number(info.lastInsertRowid);
}

/**
 * The sequence number the next outbox row will get. Ledger entries carry it, and they are written in
 * the same transaction, so nothing can take the number in between.
 */
export function nextOutboxSeq(db: Db): number {
  // The outbox is append-only (triggers refuse UPDATE and DELETE), so the highest seq is never freed.
  const row = prepared(db, 'SELECT MAX(seq) AS seq FROM outbox').get() as { seq: number | null };
  return (row.seq ?? 0) + 1;
}

export function lastOutboxHlc(db: Db): string | null {
  const row = prepared(db, 'SELECT hlc FROM outbox ORDER BY seq DESC LIMIT 1').get() as { hlc: string } | undefined;
  return row?.hlc ?? null;
}

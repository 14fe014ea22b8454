import type Database from 'better-sqlite3';
import { m001Counter } from './001-counter';
import { m002Audit } from './002-audit';
import { m003Shifts } from './003-shifts';
import { m004Sales } from './004-sales';
import { m005PrintQueue } from './005-print-queue';
import { m006Sync } from './006-sync';
import { m007OutboxTime } from './007-outbox-time';
import { m008ReportIndexes } from './008-report-indexes';
import { m009CustomerSales } from './009-customer-sales';
import { m010LeanWrites } from './010-lean-writes';
import { m011LoyaltyState } from './011-loyalty-state';
import { m012ReceiptExtras } from './012-receipt-extras';
import { m013DeferredGifts } from './013-deferred-gifts';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/**
 * Every schema change, in order. Append only: a migration that has shipped is never edited, because
 * terminals in the field have already run it. Each runs in its own transaction with user_version.
 */
export const migrations: readonly Migration[] = [m001Counter, m002Audit, m003Shifts, m004Sales, m005PrintQueue, m006Sync, m007OutboxTime, m008ReportIndexes, m009CustomerSales, m010LeanWrites, m011LoyaltyState, m012ReceiptExtras, m013DeferredGifts];

export const latestVersion = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;

/** A database written by a newer Loyal Till: opening it would risk corrupting data we do not understand. */
export class DatabaseFromFutureError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This database was written by a newer version of Loyal Till (schema ${found}; this version knows up to ${supported}). ` +
        'Install the newer version, or restore a backup made by this one.',
    );
    this.name = 'DatabaseFromFutureError';
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Database.Database, upTo: number = latestVersion): void {
  const current = schemaVersion(db);
  if (current > latestVersion) throw new DatabaseFromFutureError(current, latestVersion);
  const pending = migrations.filter((m) => m.version > current && m.version <= upTo);
  if (pending.length === 0) return;
  // A migration may rebuild a table others refer to (create, copy, drop, rename): SQLite's documented
  // way needs foreign keys off, which only takes effect outside a transaction. Each migration checks
  // every foreign key before it commits instead, so nothing dangling is ever committed.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  if (foreignKeys) db.pragma('foreign_keys = OFF');
  try {
    for (const migration of pending) {
      db.transaction(() => {
        migration.up(db);
        const dangling = db.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (dangling.length > 0) {
          throw new Error(`Migration ${migration.version} (${migration.name}) would leave ${dangling.length} rows of ${dangling[0]!.table} without their ${dangling[0]!.parent}`);
        }
        // user_version cannot take a bound parameter; the value is our own integer.
        db.pragma(`user_version = ${Math.trunc(migration.version)}`);
      })();
    }
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
}

import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../electron/db/connection';
import { latestVersion, migrate, schemaVersion } from '../../electron/db/migrations';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loyal-till-sync-mig-'));
  dirs.push(dir);
  return join(dir, 'till.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function seedCustomerWithBalance(db: Database.Database, amount: number): void {
  db.prepare(
    `INSERT INTO customers (id, name, name_search, language, enrolled_at, enrolled_by) VALUES ('c1', 'Ana', 'ana', 'bg', 1, 's1')`,
  ).run();
  db.prepare(`INSERT INTO balances (customer_id, asset, amount) VALUES ('c1', 'reward:coffee', ?)`).run(amount);
}

describe('migration 006 (sync)', () => {
  it('builds the sync tables on an empty database, not enrolled, nothing acknowledged', () => {
    const db = openDatabase(tempFile());
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.prepare('SELECT hq_url, push_ack_seq, feed_cursor, revoked FROM sync_state').get()).toEqual({
      hq_url: null,
      push_ack_seq: 0,
      feed_cursor: '0',
      revoked: 0,
    });
    for (const table of ['sync_allowance', 'offline_redemptions', 'sync_customers', 'sync_operations', 'sync_programs', 'ledger_deficits']) {
      expect(db.prepare('SELECT COUNT(*) AS n FROM sqlite_master WHERE name = ?').get(table)).toEqual({ n: 1 });
    }
    db.close();
  });

  it('upgrades a version-5 database keeping its balances, and still refuses a local overdraft', () => {
    const file = tempFile();
    const old = new Database(file);
    migrate(old, 5);
    seedCustomerWithBalance(old, 2);
    old.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.prepare("SELECT amount FROM balances WHERE customer_id = 'c1'").get()).toEqual({ amount: 2 });
    expect(() => db.prepare("UPDATE balances SET amount = amount - 3 WHERE customer_id = 'c1'").run()).toThrow(/balance below zero/);
    expect(() => db.prepare("INSERT INTO balances (customer_id, asset, amount) VALUES ('c1', 'points', -1)").run()).toThrow(/balance below zero/);
    db.close();
  });

  it('lets only the sync worker, inside its transaction, record a balance below zero that HQ holds', () => {
    const db = openDatabase(tempFile());
    seedCustomerWithBalance(db, 1);
    db.transaction(() => {
      db.prepare('UPDATE sync_guard SET applying = 1').run();
      db.prepare("UPDATE balances SET amount = amount - 2 WHERE customer_id = 'c1'").run();
      db.prepare('UPDATE sync_guard SET applying = 0').run();
    })();
    expect(db.prepare("SELECT amount FROM balances WHERE customer_id = 'c1'").get()).toEqual({ amount: -1 });
    // An earning that repays part of the deficit is an increase: allowed although still below zero.
    db.prepare("UPDATE balances SET amount = amount + 1 WHERE customer_id = 'c1'").run();
    expect(db.prepare("SELECT amount FROM balances WHERE customer_id = 'c1'").get()).toEqual({ amount: 0 });
    expect(() => db.prepare("UPDATE balances SET amount = amount - 1 WHERE customer_id = 'c1'").run()).toThrow(/balance below zero/);
    db.close();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../electron/db/connection';
import { nextOutboxSeq } from '../../../electron/db/stores/outbox';
import { DatabaseFromFutureError, latestVersion, migrate, migrations, schemaVersion } from '../../../electron/db/migrations';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loyal-till-mig-'));
  dirs.push(dir);
  return join(dir, 'till.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  it('are numbered 1..n in order, each once', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('build the latest schema on an empty file, with WAL and foreign keys on', () => {
    const db = openDatabase(tempFile());
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  for (const target of migrations) {
    it(`upgrade a database at version ${target.version - 1} to the latest, keeping its data`, () => {
      const file = tempFile();
      const old = new Database(file);
      migrate(old, target.version - 1);
      expect(schemaVersion(old)).toBe(target.version - 1);
      if (target.version > 1) {
        old.prepare("INSERT INTO settings (key, value) VALUES ('marker', 'kept')").run();
      }
      old.close();
      const db = openDatabase(file);
      expect(schemaVersion(db)).toBe(latestVersion);
      if (target.version > 1) expect(db.prepare("SELECT value FROM settings WHERE key = 'marker'").get()).toEqual({ value: 'kept' });
      db.close();
    });
  }

  it('refuses a database written by a newer version, with a clear message, and leaves it untouched', () => {
    const file = tempFile();
    const future = new Database(file);
    future.pragma(`user_version = ${latestVersion + 1}`);
    future.close();
    expect(() => openDatabase(file)).toThrow(DatabaseFromFutureError);
    expect(() => openDatabase(file)).toThrow(/newer version of Loyal Till/);
    const again = new Database(file);
    expect(schemaVersion(again)).toBe(latestVersion + 1);
    again.close();
  });

  it('rolls a failing migration back whole', () => {
    const file = tempFile();
    const db = new Database(file);
    const broken = { version: latestVersion + 1, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE half (x); SELECT no_such_function();') };
    migrate(db);
    expect(() =>
      db.transaction(() => {
        broken.up(db);
        db.pragma(`user_version = ${broken.version}`);
      })(),
    ).toThrow();
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });
});

describe('the ledger', () => {
  it('refuses UPDATE and DELETE', () => {
    const db = openDatabase(tempFile());
    db.prepare("INSERT INTO customers (id, name, name_search, language, enrolled_at, enrolled_by) VALUES ('c1', 'A', 'a', 'en', 1, 's')").run();
    db.prepare(
      `INSERT INTO ledger (id, customer_id, asset, delta, kind, explanation, operation_id, staff_id, terminal_id, terminal_seq, program_version, created_at)
       VALUES ('e1', 'c1', 'stamps:coffee', 1, 'earn', '{}', 'o1', 's', 't', 1, 1, 1)`,
    ).run();
    expect(() => db.prepare('UPDATE ledger SET delta = 5').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM ledger').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE outbox SET type = 'x'").run()).not.toThrow(); // no rows yet: the trigger fires per row
    db.close();
  });
});

describe('migration 10 (lean writes)', () => {
  it('keeps every balance, lot, answer and event, and the outbox sequence goes on where it was', () => {
    const file = tempFile();
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    migrate(old, 9);
    old.exec(`
      INSERT INTO customers (id, name, name_search, language, enrolled_at, enrolled_by) VALUES ('c1', 'Ana', 'ana', 'bg', 1, 's');
      INSERT INTO ledger (id, customer_id, asset, delta, kind, explanation, operation_id, staff_id, terminal_id, terminal_seq, program_version, created_at)
        VALUES ('e1', 'c1', 'stamps:coffee', 3, 'earn', '{}', 'o1', 's', 't', 1, 1, 10),
               ('e2', 'c1', 'stamps:coffee', -2, 'reverse', '{}', 'o2', 's', 't', 2, 1, 20);
      INSERT INTO lots (entry_id, customer_id, asset, remaining, created_at, expires_at) VALUES ('e1', 'c1', 'stamps:coffee', 1, 10, NULL);
      INSERT INTO lot_uses (entry_id, lot_id, amount) VALUES ('e2', 'e1', 2);
      INSERT INTO balances (customer_id, asset, amount) VALUES ('c1', 'stamps:coffee', 1);
      INSERT INTO idempotency (key, command, result, created_at) VALUES ('k1', 'stamp.add', '{"operationId":"o1"}', 10);
      INSERT INTO outbox (id, type, payload, hlc, created_at) VALUES ('ev1', 'ledger.recorded', '{}', 'h1', 10), ('ev2', 'ledger.recorded', '{}', 'h2', 20);
    `);
    const before = ['balances', 'lots', 'lot_uses', 'idempotency', 'outbox'].map((t) => old.prepare(`SELECT * FROM ${t} ORDER BY 1`).all());
    old.close();

    const db = openDatabase(file);
    const after = ['balances', 'lots', 'lot_uses', 'idempotency', 'outbox'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all());
    expect(after).toEqual(before);
    for (const table of ['balances', 'lots', 'idempotency']) {
      expect(db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(table)).toEqual({ sql: expect.stringContaining('WITHOUT ROWID') });
    }
    expect(nextOutboxSeq(db)).toBe(3);
    expect(() => db.prepare("DELETE FROM outbox WHERE id = 'ev2'").run()).toThrow(/append-only/);
    // The overdraft guard came back with the rebuilt balances table.
    expect(() => db.prepare("UPDATE balances SET amount = -1 WHERE customer_id = 'c1'").run()).toThrow(/below zero/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses to commit a migration that would leave a row pointing at nothing, and keeps foreign keys on', () => {
    const db = new Database(tempFile());
    db.pragma('foreign_keys = ON');
    migrate(db, 9);
    db.exec(`
      INSERT INTO customers (id, name, name_search, language, enrolled_at, enrolled_by) VALUES ('c1', 'Ana', 'ana', 'bg', 1, 's');
      INSERT INTO ledger (id, customer_id, asset, delta, kind, explanation, operation_id, staff_id, terminal_id, terminal_seq, program_version, created_at)
        VALUES ('e1', 'c1', 'stamps:coffee', 3, 'earn', '{}', 'o1', 's', 't', 1, 1, 10),
               ('e2', 'c1', 'stamps:coffee', -2, 'reverse', '{}', 'o2', 's', 't', 2, 1, 20);
      INSERT INTO lots (entry_id, customer_id, asset, remaining, created_at, expires_at) VALUES ('e1', 'c1', 'stamps:coffee', 1, 10, NULL);
      INSERT INTO lot_uses (entry_id, lot_id, amount) VALUES ('e2', 'e1', 2);
    `);
    // Simulates a rebuild that forgets to copy the lots that lot_uses refers to.
    const careless = migrations.find((m) => m.version === 10)!;
    const original = careless.up;
    (careless as { up: typeof original }).up = (d) => {
      original(d);
      d.exec('DELETE FROM lots');
    };
    try {
      expect(() => migrate(db)).toThrow(/without their/);
    } finally {
      (careless as { up: typeof original }).up = original;
    }
    expect(schemaVersion(db)).toBe(9);
    expect(db.prepare('SELECT COUNT(*) AS n FROM lots').get()).toEqual({ n: 1 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});

import { prepared, type Db } from '../connection';

export function getSetting(db: Db, key: string): string | null {
  const row = prepared(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

/** The store's IANA time zone (the demo café's, Sofia, until one is set): days, hours and receipts are on its clock. */
export function storeTimeZone(db: Db): string {
  return getSetting(db, 'store.timeZone') ?? 'Europe/Sofia';
}

export function setSetting(db: Db, key: string, value: string): void {
  prepared(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

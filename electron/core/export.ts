import { prepared } from '../db/connection';
import type { Actor, CoreDeps } from './context';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import type { ParsedInputOf } from '../../shared/contract';
import type { ExportFile, ExportKind } from '../../shared/contract/backoffice';
import type { Locale } from '../../shared/i18n/locale';
import { zoneOffset } from '../../shared/loyalty/time';
import { storeTimeZone } from '../db/stores/settings';
import { appendAudit } from '../db/stores/audit';

/**
 * Data export for a manager: the store's customers, their balances, or the ledger of a date range,
 * as CSV or JSON. The file's whole text travels in the command's answer, so the one contract serves
 * Electron and browser mode alike: the renderer saves it as a download (Electron asks where to save
 * it, a browser puts it in Downloads). A file never carries a PIN hash, a payment reference or a
 * phone in another file than the customers one; loyalty card codes appear only in the customers file,
 * which needs them to find a customer again.
 */

/**
 * The store's own customers: a customer who arrived from HQ with another home store (seen here on a
 * scan or through the feed) belongs to that store's export. A till never enrolled keeps all.
 */
const OWN = `NOT IN (SELECT customer_id FROM sync_customers
                     WHERE home_store_id <> COALESCE((SELECT store_id FROM sync_state WHERE id = 1), home_store_id))`;

/** More rows than this in one file: narrow the date range (the answer is held in memory whole). */
export const MAX_EXPORT_ROWS = 250_000;

type Cell = string | number | boolean | null;
interface Table {
  columns: string[];
  rows: Iterable<Cell[]>;
}

/** UTF-8 byte order mark: without it Excel reads the file in the system's ANSI code page and Cyrillic breaks. */
export const BOM = '\ufeff';

/**
 * CSV as Excel opens it with a double click: BOM, CRLF, fields quoted when they hold the separator,
 * a quote or a line break. Excel in Bulgarian and Russian expects ';' (the decimal separator there
 * is ','), in English ','. Text that starts like a formula (=, +, -, @) gets a leading apostrophe,
 * so a customer named "=HYPERLINK(...)" stays text (CSV injection); a phone number (+359...) or a
 * plain number is left as it is.
 */
export function toCsv(table: Table, separator: ',' | ';'): { text: string; rows: number } {
  const out: string[] = [BOM, table.columns.map((c) => csvField(c, separator)).join(separator), '\r\n'];
  let rows = 0;
  for (const row of table.rows) {
    out.push(row.map((c) => csvField(c, separator)).join(separator), '\r\n');
    rows++;
  }
  return { text: out.join(''), rows };
}

export function csvField(value: Cell, separator: string): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  let text = value;
  // A phone number (+359...) or a signed number cannot run anything: it stays as it is.
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?[\d\s().]+$/.test(text)) text = `'${text}`;
  if (text.includes(separator) || /["\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

export const csvSeparator = (locale: Locale): ',' | ';' => (locale === 'en' ? ',' : ';');

export function exportData(deps: CoreDeps, actor: Actor, input: ParsedInputOf<'data.export'>): Result<ExportFile, AppError> {
  const { db, clock } = deps;
  const now = clock.now();
  const timeZone = storeTimeZone(db);
  const from = input.what === 'ledger' ? (input.from ?? 0) : null;
  const to = input.what === 'ledger' ? (input.to ?? now + 1) : null;
  const count = rowCount(deps, input.what, from, to);
  if (count > MAX_EXPORT_ROWS) return err({ code: 'export.too_large', params: { rows: count, max: MAX_EXPORT_ROWS } });

  const local = (ms: number | null) => (ms === null ? null : localTime(ms, timeZone));
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const table = tableOf(deps, input.what, from ?? 0, to ?? 0, iso, local);
  const day = localTime(now, timeZone).slice(0, 10);
  const range = from !== null && to !== null ? `-${localTime(from, timeZone).slice(0, 10)}_${localTime(to - 1, timeZone).slice(0, 10)}` : '';
  const base = `loyal-till-${input.what}${range}-${day}`;

  let file: ExportFile;
  if (input.format === 'csv') {
    const csv = toCsv(table, csvSeparator(actor.language));
    file = { fileName: `${base}.csv`, mimeType: 'text/csv;charset=utf-8', content: csv.text, rows: csv.rows };
  } else {
    const rows: Record<string, Cell>[] = [];
    for (const row of table.rows) rows.push(Object.fromEntries(table.columns.map((c, i) => [c, row[i] ?? null])));
    const content = JSON.stringify({ what: input.what, exportedAt: iso(now), timeZone, from: iso(from), to: iso(to), rows });
    file = { fileName: `${base}.json`, mimeType: 'application/json', content, rows: rows.length };
  }
  appendAudit(db, {
    at: now,
    staffId: actor.staffId,
    action: 'data.export',
    details: { what: input.what, format: input.format, rows: file.rows, from: from ?? null, to: to ?? null },
  });
  deps.log.info('data export', { what: input.what, format: input.format, rows: file.rows });
  return ok(file);
}

/** "2026-11-22 11:00:00" in the store's time zone: Excel reads it as a date and time. */
function localTime(ms: number, timeZone: string): string {
  return new Date(ms + zoneOffset(ms, timeZone)).toISOString().slice(0, 19).replace('T', ' ');
}

function rowCount(deps: CoreDeps, what: ExportKind, from: number | null, to: number | null): number {
  const sql: Record<ExportKind, string> = {
    customers: `SELECT COUNT(*) AS n FROM customers WHERE id ${OWN}`,
    balances: `SELECT COUNT(*) AS n FROM balances WHERE amount <> 0 AND customer_id ${OWN}`,
    ledger: `SELECT COUNT(*) AS n FROM ledger WHERE created_at >= ? AND created_at < ? AND customer_id ${OWN}`,
  };
  const statement = prepared(deps.db, sql[what]);
  return (what === 'ledger' ? (statement.get(from, to) as { n: number }) : (statement.get() as { n: number })).n;
}

function tableOf(
  deps: CoreDeps,
  what: ExportKind,
  from: number,
  to: number,
  iso: (ms: number | null) => string | null,
  local: (ms: number | null) => string | null,
): Table {
  const { db } = deps;
  switch (what) {
    case 'customers': {
      const rows = prepared(
        db,
        `SELECT c.id, c.name, c.phone, c.email, c.birthday, c.language, c.marketing_consent, c.marketing_consent_at, c.enrolled_at,
                COALESCE(s.name, c.enrolled_by) AS enrolled_by,
                (SELECT group_concat(code, ' ') FROM (SELECT code FROM cards WHERE customer_id = c.id AND blocked = 0 ORDER BY linked_at)) AS cards
         FROM customers c LEFT JOIN staff s ON s.id = c.enrolled_by WHERE c.id ${OWN} ORDER BY c.enrolled_at, c.id`,
      ).iterate() as IterableIterator<{
        id: string;
        name: string;
        phone: string | null;
        email: string | null;
        birthday: string | null;
        language: string;
        marketing_consent: number;
        marketing_consent_at: number | null;
        enrolled_at: number;
        enrolled_by: string;
        cards: string | null;
      }>;
      return {
        columns: ['customer_id', 'name', 'phone', 'email', 'birthday', 'language', 'marketing_consent', 'marketing_consent_at', 'marketing_consent_at_utc', 'enrolled_at', 'enrolled_at_utc', 'enrolled_by', 'cards'],
        rows: map(rows, (r) => [
          r.id,
          r.name,
          r.phone,
          r.email,
          r.birthday,
          r.language,
          r.marketing_consent === 1,
          local(r.marketing_consent_at),
          iso(r.marketing_consent_at),
          local(r.enrolled_at),
          iso(r.enrolled_at),
          r.enrolled_by,
          r.cards,
        ]),
      };
    }
    case 'balances': {
      const rows = prepared(
        db,
        `SELECT b.customer_id, c.name, b.asset, b.amount FROM balances b JOIN customers c ON c.id = b.customer_id
         WHERE b.amount <> 0 AND b.customer_id ${OWN} ORDER BY b.customer_id, b.asset`,
      ).iterate() as IterableIterator<{ customer_id: string; name: string; asset: string; amount: number }>;
      return { columns: ['customer_id', 'name', 'asset', 'amount'], rows: map(rows, (r) => [r.customer_id, r.name, r.asset, r.amount]) };
    }
    case 'ledger': {
      const rows = prepared(
        db,
        `SELECT l.id, l.created_at, l.customer_id, l.asset, l.delta, l.kind, l.rule, l.explanation, l.reason, l.operation_id, l.reverses_id,
                COALESCE(s.name, l.staff_id) AS staff, l.terminal_id, l.terminal_seq, l.program_version
         FROM ledger l LEFT JOIN staff s ON s.id = l.staff_id
         WHERE l.created_at >= ? AND l.created_at < ? AND l.customer_id ${OWN} ORDER BY l.created_at, l.rowid`,
      ).iterate(from, to) as IterableIterator<{
        id: string;
        created_at: number;
        customer_id: string;
        asset: string;
        delta: number;
        kind: string;
        rule: string | null;
        explanation: string;
        reason: string | null;
        operation_id: string;
        reverses_id: string | null;
        staff: string;
        terminal_id: string;
        terminal_seq: number;
        program_version: number;
      }>;
      return {
        columns: ['entry_id', 'created_at', 'created_at_utc', 'customer_id', 'asset', 'delta', 'kind', 'rule', 'why', 'reason', 'operation_id', 'reverses', 'staff', 'terminal_id', 'terminal_seq', 'program_version'],
        rows: map(rows, (r) => [
          r.id,
          local(r.created_at),
          iso(r.created_at),
          r.customer_id,
          r.asset,
          r.delta,
          r.kind,
          r.rule,
          (JSON.parse(r.explanation) as { key: string }).key,
          r.reason,
          r.operation_id,
          r.reverses_id,
          r.staff,
          r.terminal_id,
          r.terminal_seq,
          r.program_version,
        ]),
      };
    }
  }
}

function* map<T>(rows: Iterable<T>, f: (row: T) => Cell[]): Iterable<Cell[]> {
  for (const row of rows) yield f(row);
}

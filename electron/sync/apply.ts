import { prepared, type Db } from '../db/connection';
import { saveCatalogue } from '../db/stores/catalogue';
import { contract } from '../../shared/contract';
import { validateProgram } from '../../shared/loyalty';
import { reverseDigits, searchableName } from '../../shared/domain/phone';
import { isLocale } from '../../shared/i18n/locale';
import type { CustomerSnapshot } from '../../shared/sync/wire';
import type { FeedLedgerEntry, ParsedFeedItem, ParsedFeedPage } from '../../shared/sync/schemas';
import type { LedgerEntry } from '../../shared/domain/ledger';
import { insertLedgerRow } from '../db/stores/ledger';
import type { CustomerState, StateChange } from '../../shared/loyalty/state';
import type { OtherCustomerEffect } from '../../shared/loyalty/types';
import { mergeForeignChanges } from './state-merge';

/**
 * Applying HQ's change feed to the terminal's database. One page is one transaction together with
 * the new cursor, so a crash or a page read twice applies every item exactly once.
 *
 * Ledger entries made elsewhere are HQ's truth, and HQ's truth may overdraw a balance this terminal
 * holds (two offline tills spent the same reward). Such a spend takes what it can from the
 * customer's open lots (first the lots it names, then oldest first); what no lot covers is kept as
 * a deficit in `ledger_deficits`, and the balance goes below zero, which only this code may do
 * (`sync_guard.applying`). The next earnings of that asset, here or from the feed, repay the deficit
 * before they can be spent (`settleDeficits`). So the balance always equals the sum of the ledger,
 * as at HQ, and a local spend can never take what the customer owes.
 */
export interface ApplyContext {
  terminalId: string;
  now: number;
  /** A ledger item's HLC, merged into the terminal's clock. */
  observeHlc(hlc: string): void;
  /** The loyalty engine's stored state; needed for ledger items that carry state changes. */
  loyalty?: LoyaltyStatePort;
}

/**
 * The engine's per-customer state as the till keeps it (electron/core/operations.ts readState and
 * saveState, bound to the program in force by the composition root).
 */
export interface LoyaltyStatePort {
  /** The stored state; a customer with none yet is seeded from what the ledger and sales show. */
  read(customerId: string): CustomerState | null;
  /** Stores everything but lots (lots are the ledger's). */
  save(state: CustomerState): void;
  /** The program's tier ids, lowest first. */
  tierOrder(): readonly string[];
  /** Customers to fetch from HQ by id: referrers named by pending referrals, and those with a gift waiting (core/operations.ts). */
  wanted(limit: number): string[];
  /** Writes the referrers' gifts that waited for a customer now held here; how many. */
  releaseGifts(): number;
}

export interface ApplySummary {
  applied: number;
  skipped: number;
  programChanged: boolean;
}

export function applyFeedPage(db: Db, page: ParsedFeedPage, ctx: ApplyContext): ApplySummary {
  return db.transaction((): ApplySummary => {
    const summary: ApplySummary = { applied: 0, skipped: 0, programChanged: false };
    prepared(db, 'UPDATE sync_guard SET applying = 1 WHERE id = 1').run();
    for (const item of page.items) {
      const done = applyItem(db, item, ctx);
      if (done === 'program') summary.programChanged = true;
      if (done === 'skipped') summary.skipped++;
      else summary.applied++;
    }
    prepared(db, 'UPDATE sync_guard SET applying = 0 WHERE id = 1').run();
    prepared(db, 'UPDATE sync_state SET feed_cursor = ? WHERE id = 1').run(page.next);
    return summary;
  })();
}

type Applied = 'applied' | 'skipped' | 'program';

function applyItem(db: Db, item: ParsedFeedItem, ctx: ApplyContext): Applied {
  switch (item.kind) {
    case 'customer':
      upsertCustomer(db, item.customer, ctx.now);
      return 'applied';
    case 'ledger': {
      // The operation's HLC when HQ sends it; else its latest wall time, so our next events sort after it.
      const latest = item.entries.reduce((m, e) => Math.max(m, e.createdAt), 0);
      if (item.hlc) ctx.observeHlc(item.hlc);
      else if (latest > 0) ctx.observeHlc(`${String(latest).padStart(15, '0')}-00000-feed`);
      if (item.originTerminalId === ctx.terminalId) return 'skipped';
      if (prepared(db, 'SELECT 1 FROM sync_operations WHERE operation_id = ?').get(item.operationId)) return 'skipped';
      if (!prepared(db, 'SELECT 1 FROM customers WHERE id = ?').get(item.customerId)) return 'skipped';
      const changes: StateChange[] = item.changes ?? [];
      // The state as it was before this operation: a customer without a stored state is seeded from
      // the ledger now, before this operation's entries are in it, so nothing is counted twice.
      let before: CustomerState | null = null;
      if (changes.length > 0) {
        if (!ctx.loyalty) throw new Error(`ledger item ${item.operationId} carries loyalty state changes, but no loyalty state port was given`);
        before = ctx.loyalty.read(item.customerId);
      }
      for (const entry of item.entries) {
        if (entry.customerId !== item.customerId) continue;
        if (entry.terminalId === ctx.terminalId) continue;
        applyForeignEntry(db, entry);
      }
      if (changes.length > 0 || (item.others ?? []).length > 0) applyEngineEffects(db, ctx, item.operationId, item.customerId, before, changes, item.others ?? []);
      prepared(db, 'INSERT INTO sync_operations (operation_id, origin_terminal_id, customer_id, applied_at) VALUES (?, ?, ?, ?)').run(
        item.operationId,
        item.originTerminalId,
        item.customerId,
        ctx.now,
      );
      return 'applied';
    }
    case 'program':
      return applyProgram(db, item.version, item.document, item.publishedAt) ? 'program' : 'skipped';
    case 'staff': {
      const s = item.staff;
      prepared(
        db,
        `INSERT INTO staff (id, name, role, pin_hash, active, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash, active = excluded.active`,
      ).run(s.id, s.name, s.role, s.pinHash, s.active ? 1 : 0, ctx.now);
      return 'applied';
    }
    case 'catalogue': {
      const parsed = contract['catalogue.save'].input.safeParse(item.catalogue);
      if (!parsed.success) return 'skipped';
      saveCatalogue(db, parsed.data);
      return 'applied';
    }
    case 'card.blocked':
      prepared(db, 'UPDATE cards SET blocked = 1 WHERE code = ?').run(item.code);
      return 'applied';
    case 'conflict.resolved':
      // The resolution's own entries (a write-off, or nothing for a carried balance) come as ledger
      // items; the terminal keeps no separate copy of HQ's conflict list.
      return 'applied';
  }
}

/**
 * Another store's state changes for the customer, folded into the state held here (state-merge.ts),
 * and the operation recorded as loyalty_operations records a local one, with the changes as they
 * applied here, so a reversal of it made at this store is planned as for its own operations.
 * Called once per operation: the feed applier skips operations already in sync_operations.
 */
function applyEngineEffects(
  db: Db,
  ctx: ApplyContext,
  operationId: string,
  customerId: string,
  before: CustomerState | null,
  changes: readonly StateChange[],
  others: readonly OtherCustomerEffect[],
): void {
  let applied: StateChange[] = [];
  if (before !== null && ctx.loyalty) {
    const merged = mergeForeignChanges(before, changes, ctx.loyalty.tierOrder());
    ctx.loyalty.save(merged.state);
    applied = merged.applied;
  }
  prepared(db, 'INSERT INTO loyalty_operations (operation_id, customer_id, changes, others) VALUES (?, ?, ?, ?) ON CONFLICT (operation_id) DO NOTHING').run(
    operationId,
    customerId,
    JSON.stringify(applied),
    JSON.stringify(others),
  );
}

export function upsertCustomer(db: Db, c: CustomerSnapshot, now: number): void {
  const language = isLocale(c.language) ? c.language : 'bg';
  // Two stores may have enrolled the same phone offline: the local customer keeps it, HQ's conflict list shows both.
  const phoneOwner = c.phone === null ? undefined : (prepared(db, 'SELECT id FROM customers WHERE phone = ?').get(c.phone) as { id: string } | undefined);
  const phone = phoneOwner && phoneOwner.id !== c.id ? null : c.phone;
  prepared(
    db,
    `INSERT INTO customers (id, name, name_search, phone, phone_rev, email, birthday, language, marketing_consent, marketing_consent_at, enrolled_at, enrolled_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_search = excluded.name_search, phone = excluded.phone, phone_rev = excluded.phone_rev,
       email = excluded.email, birthday = excluded.birthday, language = excluded.language, marketing_consent = excluded.marketing_consent,
       marketing_consent_at = excluded.marketing_consent_at`,
  ).run(
    c.id,
    c.name,
    searchableName(c.name),
    phone,
    phone === null ? null : reverseDigits(phone),
    c.email,
    c.birthday,
    language,
    c.marketingConsent ? 1 : 0,
    c.marketingConsentAt,
    c.enrolledAt,
    c.enrolledBy,
  );
  prepared(db, 'INSERT INTO sync_customers (customer_id, home_store_id, received_at) VALUES (?, ?, ?) ON CONFLICT (customer_id) DO NOTHING').run(c.id, c.homeStoreId, now);
  for (const card of c.cards) {
    const owner = prepared(db, 'SELECT customer_id FROM cards WHERE code = ?').get(card.code) as { customer_id: string } | undefined;
    if (!owner) prepared(db, 'INSERT INTO cards (code, customer_id, linked_at, blocked) VALUES (?, ?, ?, ?)').run(card.code, c.id, card.linkedAt, card.blocked ? 1 : 0);
    else if (owner.customer_id === c.id && card.blocked) prepared(db, 'UPDATE cards SET blocked = 1 WHERE code = ?').run(card.code);
  }
}

/** A program version published at HQ becomes the terminal's newest version (numbers can differ). */
function applyProgram(db: Db, hqVersion: number, document: unknown, publishedAt: number): boolean {
  if (prepared(db, 'SELECT 1 FROM sync_programs WHERE hq_version = ?').get(hqVersion)) return false;
  const valid = validateProgram(document);
  if (!valid.ok) return false;
  const next = ((prepared(db, 'SELECT MAX(version) AS v FROM programs').get() as { v: number | null }).v ?? 0) + 1;
  const local = Math.max(next, hqVersion);
  prepared(db, 'INSERT INTO programs (version, document, published_at) VALUES (?, ?, ?)').run(local, JSON.stringify({ ...valid.value, version: local }), publishedAt);
  prepared(db, 'INSERT INTO sync_programs (hq_version, local_version) VALUES (?, ?)').run(hqVersion, local);
  return true;
}

interface LotRow {
  entry_id: string;
  remaining: number;
}

function applyForeignEntry(db: Db, e: FeedLedgerEntry): void {
  if (prepared(db, 'SELECT 1 FROM ledger WHERE id = ?').get(e.id)) return;
  // Two tills may both have reversed the same entry offline; HQ keeps both, so does the terminal,
  // the second as a plain entry (the unique index allows one reversal per entry).
  const target = e.reverses
    ? (prepared(db, 'SELECT l.id, (SELECT 1 FROM ledger r WHERE r.reverses_id = l.id) AS reversed FROM ledger l WHERE l.id = ? AND l.customer_id = ?').get(
        e.reverses,
        e.customerId,
      ) as { id: string; reversed: number | null } | undefined)
    : undefined;
  const reverses = target && target.reversed === null ? target.id : null;
  insertLedgerRow(db, e, reverses);
  if (e.delta > 0 && reverses !== null && e.restores) restoreReversed(db, reverses);
  else if (e.delta > 0) {
    prepared(db, 'INSERT INTO lots (entry_id, customer_id, asset, remaining, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      e.id,
      e.customerId,
      e.asset,
      e.delta,
      e.createdAt,
      e.expiresAt ?? null,
    );
  } else takeFromLots(db, e, reverses);
  if (prepared(db, 'UPDATE balances SET amount = amount + ? WHERE customer_id = ? AND asset = ?').run(e.delta, e.customerId, e.asset).changes === 0) {
    prepared(db, 'INSERT INTO balances (customer_id, asset, amount) VALUES (?, ?, ?)').run(e.customerId, e.asset, e.delta);
  }
  if (e.delta > 0) settleDeficits(db, e.customerId, e.asset);
}

/** Undoing a spend gives back what it took here, and forgives what it still owed. */
function restoreReversed(db: Db, reversedId: string): void {
  const uses = prepared(db, 'SELECT lot_id, amount FROM lot_uses WHERE entry_id = ?').all(reversedId) as { lot_id: string; amount: number }[];
  for (const u of uses) prepared(db, 'UPDATE lots SET remaining = remaining + ? WHERE entry_id = ?').run(u.amount, u.lot_id);
  prepared(db, 'UPDATE ledger_deficits SET outstanding = 0 WHERE entry_id = ?').run(reversedId);
}

/** A foreign spend (or reversal of an earning) takes from lots what it can; the rest is a deficit. */
function takeFromLots(db: Db, e: FeedLedgerEntry, reverses: string | null): void {
  let owed = -e.delta;
  const preferred = [...(reverses ? [reverses] : []), ...(e.uses ?? []).map((u) => u.lotId)];
  const lotOf = prepared(db, 'SELECT entry_id, remaining FROM lots WHERE entry_id = ? AND customer_id = ? AND asset = ? AND remaining > 0');
  const candidates: LotRow[] = [];
  for (const id of preferred) {
    const lot = lotOf.get(id, e.customerId, e.asset) as LotRow | undefined;
    if (lot && !candidates.some((c) => c.entry_id === lot.entry_id)) candidates.push(lot);
  }
  for (const lot of openLotRows(db, e.customerId, e.asset)) if (!candidates.some((c) => c.entry_id === lot.entry_id)) candidates.push(lot);
  for (const lot of candidates) {
    if (owed === 0) break;
    const take = Math.min(lot.remaining, owed);
    useLot(db, e.id, lot.entry_id, take);
    owed -= take;
  }
  if (owed > 0) {
    prepared(db, 'INSERT INTO ledger_deficits (entry_id, customer_id, asset, outstanding, created_at) VALUES (?, ?, ?, ?, ?)').run(
      e.id,
      e.customerId,
      e.asset,
      owed,
      e.createdAt,
    );
  }
}

function openLotRows(db: Db, customerId: string, asset: string): LotRow[] {
  return prepared(db, 'SELECT entry_id, remaining FROM lots WHERE customer_id = ? AND asset = ? AND remaining > 0 ORDER BY created_at, entry_id').all(
    customerId,
    asset,
  ) as LotRow[];
}

function useLot(db: Db, entryId: string, lotId: string, amount: number): void {
  prepared(db, 'UPDATE lots SET remaining = remaining - ? WHERE entry_id = ?').run(amount, lotId);
  prepared(db, 'INSERT INTO lot_uses (entry_id, lot_id, amount) VALUES (?, ?, ?)').run(entryId, lotId, amount);
}

/**
 * Repays what foreign spends still owe from the customer's open lots, oldest deficit first. Call it
 * in the transaction that made new lots (local earnings too: see writeOperation). Cheap when the
 * customer owes nothing: one indexed lookup.
 */
export function settleDeficits(db: Db, customerId: string, asset?: string): void {
  const deficits = prepared(
    db,
    'SELECT entry_id, asset, outstanding FROM ledger_deficits WHERE customer_id = ? AND outstanding > 0 ORDER BY created_at, entry_id',
  ).all(customerId) as { entry_id: string; asset: string; outstanding: number }[];
  for (const d of deficits) {
    if (asset !== undefined && d.asset !== asset) continue;
    let owed = d.outstanding;
    for (const lot of openLotRows(db, customerId, d.asset)) {
      if (owed === 0) break;
      // A lot this entry already took from once (before it was given back) is left for others.
      if (prepared(db, 'SELECT 1 FROM lot_uses WHERE entry_id = ? AND lot_id = ?').get(d.entry_id, lot.entry_id)) continue;
      const take = Math.min(lot.remaining, owed);
      useLot(db, d.entry_id, lot.entry_id, take);
      owed -= take;
    }
    if (owed !== d.outstanding) prepared(db, 'UPDATE ledger_deficits SET outstanding = ? WHERE entry_id = ?').run(owed, d.entry_id);
  }
}

/**
 * Appends a local entry whose lot moves do not add up to its delta, the way a foreign entry is
 * applied (issue 6), in the caller's transaction:
 * - a negative entry (a reversal whose earning was since spent) takes what its `uses` name and
 *   keeps the rest as a deficit, repaid by the customer's next earnings (settleDeficits);
 * - a positive entry that undoes a spend still owing a deficit (a spend made at another store)
 *   gives back what the spend took and forgives what it still owed.
 * The balance may go below zero here, as when applying the feed (`sync_guard.applying`).
 */
export function appendOwingEntry(db: Db, e: LedgerEntry): { owed: number; forgiven: number } {
  insertLedgerRow(db, e);
  let owed = 0;
  let forgiven = 0;
  if (e.delta < 0) {
    let covered = 0;
    for (const u of e.uses ?? []) {
      const changed = prepared(db, 'UPDATE lots SET remaining = remaining - ? WHERE entry_id = ? AND customer_id = ? AND asset = ?').run(u.amount, u.lotId, e.customerId, e.asset).changes;
      if (changed !== 1) throw new Error(`entry ${e.id}: lot ${u.lotId} not found for this customer and asset`);
      prepared(db, 'INSERT INTO lot_uses (entry_id, lot_id, amount) VALUES (?, ?, ?)').run(e.id, u.lotId, u.amount);
      covered += u.amount;
    }
    owed = -e.delta - covered;
    if (owed < 0) throw new Error(`entry ${e.id}: lot moves (${covered}) exceed its delta (${e.delta})`);
    if (owed > 0) {
      prepared(db, 'INSERT INTO ledger_deficits (entry_id, customer_id, asset, outstanding, created_at) VALUES (?, ?, ?, ?, ?)').run(e.id, e.customerId, e.asset, owed, e.createdAt);
    }
  } else {
    let restored = 0;
    for (const u of e.restores ?? []) {
      const changed = prepared(db, 'UPDATE lots SET remaining = remaining + ? WHERE entry_id = ? AND customer_id = ? AND asset = ?').run(u.amount, u.lotId, e.customerId, e.asset).changes;
      if (changed !== 1) throw new Error(`entry ${e.id}: lot ${u.lotId} not found for this customer and asset`);
      restored += u.amount;
    }
    const deficit = e.reverses
      ? (prepared(db, 'SELECT outstanding FROM ledger_deficits WHERE entry_id = ?').get(e.reverses) as { outstanding: number } | undefined)
      : undefined;
    forgiven = e.delta - restored;
    if (forgiven !== (deficit?.outstanding ?? 0)) throw new Error(`entry ${e.id}: gives back ${restored} of ${e.delta}, but the spend owes ${deficit?.outstanding ?? 0}`);
    if (e.reverses && forgiven > 0) prepared(db, 'UPDATE ledger_deficits SET outstanding = 0 WHERE entry_id = ?').run(e.reverses);
  }
  const applying = (prepared(db, 'SELECT applying FROM sync_guard WHERE id = 1').get() as { applying: number }).applying;
  if (applying === 0) prepared(db, 'UPDATE sync_guard SET applying = 1 WHERE id = 1').run();
  if (prepared(db, 'UPDATE balances SET amount = amount + ? WHERE customer_id = ? AND asset = ?').run(e.delta, e.customerId, e.asset).changes === 0) {
    prepared(db, 'INSERT INTO balances (customer_id, asset, amount) VALUES (?, ?, ?)').run(e.customerId, e.asset, e.delta);
  }
  if (applying === 0) prepared(db, 'UPDATE sync_guard SET applying = 0 WHERE id = 1').run();
  return { owed, forgiven };
}

/** What a customer still owes, per asset (deficits not yet repaid). */
export function outstandingDeficits(db: Db, customerId: string): Map<string, number> {
  const rows = prepared(db, 'SELECT asset, SUM(outstanding) AS owed FROM ledger_deficits WHERE customer_id = ? AND outstanding > 0 GROUP BY asset').all(customerId) as {
    asset: string;
    owed: number;
  }[];
  return new Map(rows.map((r) => [r.asset, r.owed]));
}

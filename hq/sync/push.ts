import type { z } from 'zod';
import { MAX_PUSH_EVENTS, pushRequestSchema, type PushEvent, type PushResponse } from '../../shared/sync/wire';
import type { Queryable } from '../db/sql';
import type { HqDeps } from '../deps';
import { HqError } from '../errors';
import type { TerminalIdentity } from '../tenancy';
import { flagVelocity } from '../velocity';
import { feedCustomers, lockCustomers, lockStoreFeeds, makeKnown, storesKnowing } from './feed';
import { customerOf, eventProblem, type payloadSchemas } from './payloads';

/** A payload checkBatch already validated against its schema. */
type Checked<T extends keyof typeof payloadSchemas> = z.infer<(typeof payloadSchemas)[T]>;

/**
 * Checks a whole batch before anything is stored: the wire shape, the terminal's own id, seqs that
 * follow each other, unique ids, and the payload of every known event type. One bad event refuses
 * the batch (sync.batch_invalid, with the seq and the field), so a terminal never ends up with half
 * a batch stored.
 */
export function checkBatch(body: unknown, who: TerminalIdentity): { events: PushEvent[]; sentAt: number } {
  const events = (body as { events?: unknown } | null)?.events;
  if (Array.isArray(events) && events.length > MAX_PUSH_EVENTS) throw new HqError('sync.batch_too_large', { maxEvents: MAX_PUSH_EVENTS });
  const parsed = pushRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HqError('sync.batch_invalid', { field: issue ? issue.path.join('.') : '' });
  }
  const req = parsed.data;
  if (req.terminalId !== who.terminalId) throw new HqError('sync.forbidden', { reason: 'other_terminal' });
  const ids = new Set<string>();
  req.events.forEach((e, i) => {
    if (e.seq !== req.events[0]!.seq + i) throw new HqError('sync.batch_invalid', { seq: e.seq, field: 'seq' });
    if (ids.has(e.id)) throw new HqError('sync.batch_invalid', { seq: e.seq, field: 'id' });
    ids.add(e.id);
    const problem = eventProblem(e, who.terminalId);
    if (problem) throw new HqError('sync.batch_invalid', { seq: e.seq, field: problem });
  });
  return { events: req.events, sentAt: req.sentAt };
}

interface EntryRow {
  id: string;
  customer_id: string;
  operation_id: string;
  command: string;
  asset: string;
  delta: number;
  kind: string;
  terminal_seq: number;
  created_at: number;
  entry: unknown;
}

/**
 * Stores a checked batch exactly once, in one transaction with everything HQ derives from it:
 * customers, cards, ledger entries, balances, conflicts, the stores' feed, the terminal's ack.
 * Events already held (a batch repeated after a lost ack) are compared by id and skipped.
 */
export async function storeBatch(deps: HqDeps, who: TerminalIdentity, batch: { events: PushEvent[]; sentAt: number }): Promise<PushResponse> {
  const { events, sentAt } = batch;
  const org = who.organisationId;
  return deps.sql.transaction(async (tx) => {
    const now = deps.now();
    const [terminal] = await tx.query<{ acked_seq: number; revoked_at: number | null }>('SELECT acked_seq, revoked_at FROM terminals WHERE id = $1 FOR UPDATE', [
      who.terminalId,
    ]);
    if (!terminal || terminal.revoked_at !== null) throw new HqError('sync.unauthorized');
    const acked = terminal.acked_seq;
    const first = events[0]!.seq;
    if (first > acked + 1) throw new HqError('sync.sequence_gap', { ackSeq: acked });
    const held = events.filter((e) => e.seq <= acked);
    if (held.length > 0) await checkHeld(tx, who, held);
    const fresh = events.filter((e) => e.seq > acked);
    if (fresh.length === 0) return { ackSeq: acked, stored: 0, conflicts: 0 };

    // Plain INSERTs from arrays (no ON CONFLICT): every seq here is new (checked under the row lock),
    // so a unique violation can only be a reused event or entry id, and it refuses the whole batch.
    await uniqueOr(
      tx.query(
        `INSERT INTO events (organisation_id, terminal_id, seq, id, store_id, type, hlc, created_at, received_at, customer_id, payload)
         SELECT $1, $2, u.seq, u.id, $3, u.type, u.hlc, u.created_at, $4, u.customer_id, u.payload
           FROM ROWS FROM (unnest($5::bigint[]), unnest($6::uuid[]), unnest($7::text[]), unnest($8::text[]), unnest($9::bigint[]), unnest($10::uuid[]),
                           jsonb_array_elements($11::jsonb)) AS u(seq, id, type, hlc, created_at, customer_id, payload)`,
        [
          org,
          who.terminalId,
          who.storeId,
          now,
          fresh.map((e) => e.seq),
          fresh.map((e) => e.id),
          fresh.map((e) => e.type),
          fresh.map((e) => e.hlc),
          fresh.map((e) => e.createdAt),
          fresh.map((e) => customerOf(e)),
          JSON.stringify(fresh.map((e) => e.payload)),
        ],
      ),
      { field: 'id', reason: 'event_id_reused' },
    );
    const firstSeq = fresh[0]!.seq;
    const lastSeq = fresh[fresh.length - 1]!.seq;

    const customers = new Map<string, Record<string, unknown>>();
    const cards = new Map<string, { code: string; customerId: string; linkedAt: number }>();
    const entries: EntryRow[] = [];
    const touched = new Set<string>();
    const snapshotChanged = new Set<string>();
    for (const e of fresh) {
      const customerId = customerOf(e);
      if (customerId) touched.add(customerId);
      if (e.type === 'customer.enrolled') {
        const c = (e.payload as unknown as Checked<'customer.enrolled'>).customer;
        if (!customers.has(c.id)) customers.set(c.id, c);
        snapshotChanged.add(c.id);
      } else if (e.type === 'card.linked') {
        const p = e.payload as unknown as Checked<'card.linked'>;
        cards.set(p.code, { code: p.code, customerId: p.customerId, linkedAt: p.linkedAt });
        snapshotChanged.add(p.customerId);
      } else if (e.type === 'ledger.recorded') {
        const p = (e.payload as unknown as Checked<'ledger.recorded'>);
        for (const entry of p.entries) {
          entries.push({
            id: entry.id,
            customer_id: p.customerId,
            operation_id: p.operationId,
            command: p.command,
            asset: entry.asset,
            delta: entry.delta,
            kind: entry.kind,
            terminal_seq: e.seq,
            created_at: entry.createdAt,
            entry,
          });
        }
      }
    }

    if (customers.size > 0) {
      await tx.query(
        `INSERT INTO customers (organisation_id, id, home_store_id, name, phone, email, birthday, language, marketing_consent, marketing_consent_at, enrolled_at, enrolled_by)
         SELECT $1, x.id, $2, x.name, x.phone, x.email, x.birthday, x.language, x."marketingConsent", x."marketingConsentAt", x."enrolledAt", x."enrolledBy"
           FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, name text, phone text, email text, birthday text, language text,
                "marketingConsent" boolean, "marketingConsentAt" bigint, "enrolledAt" bigint, "enrolledBy" text)
         ON CONFLICT DO NOTHING`,
        [org, who.storeId, JSON.stringify([...customers.values()])],
      );
    }
    if (cards.size > 0) {
      await tx.query(
        `INSERT INTO cards (organisation_id, code, customer_id, linked_at)
         SELECT $1, x.code, x."customerId", x."linkedAt" FROM jsonb_to_recordset($2::jsonb) AS x(code text, "customerId" uuid, "linkedAt" bigint)
         ON CONFLICT (organisation_id, code) DO UPDATE SET customer_id = excluded.customer_id, linked_at = excluded.linked_at`,
        [org, JSON.stringify([...cards.values()])],
      );
    }
    // The batch's customers, locked before their balances: which stores know them is fixed from here.
    const customerIds = [...new Set([...touched, ...snapshotChanged])];
    await lockCustomers(tx, org, customerIds);
    let conflicts = 0;
    if (entries.length > 0) {
      // The entries' columns, read back in PostgreSQL from the events just inserted; the entry itself
      // stays in its event's payload (migration 005), so it is neither sent nor written twice. The
      // entries are unpacked in the select list: as a LATERAL join the planner put a Memoize keyed on
      // the whole payload in front of it, which missed every time and took the insert from 7 to 17 ms.
      await uniqueOr(
        tx.query(
          `INSERT INTO ledger_entries (organisation_id, id, customer_id, operation_id, command, asset, delta, kind, terminal_id, terminal_seq, store_id, created_at, received_at)
           SELECT organisation_id, (en->>'id')::uuid, customer_id, (payload->>'operationId')::uuid, payload->>'command', en->>'asset',
                  (en->>'delta')::bigint, en->>'kind', terminal_id, seq, store_id, (en->>'createdAt')::bigint, received_at
             FROM (SELECT e.*, jsonb_array_elements(e.payload->'entries') AS en FROM events e
                    WHERE e.organisation_id = $1 AND e.terminal_id = $2 AND e.seq BETWEEN $3 AND $4 AND e.type = 'ledger.recorded') x`,
          [org, who.terminalId, firstSeq, lastSeq],
        ),
        { field: 'payload.entries.id', reason: 'entry_id_reused' },
      );
      conflicts = await applyBalances(deps, tx, who, entries, now);
      await flagVelocity(deps, tx, who, entries, now);
    }

    await tx.query('UPDATE terminals SET acked_seq = $2, last_push_at = $3, last_seen_at = $3, last_sent_at = $4 WHERE id = $1', [
      who.terminalId,
      fresh[fresh.length - 1]!.seq,
      now,
      sentAt,
    ]);

    // Feed last: the feed locks of the stores this batch writes to are held only from here to commit,
    // and batches of other stores do not wait for them.
    await lockStoreFeeds(tx, org, await storesKnowing(tx, org, customerIds, [who.storeId]));
    await makeKnown(tx, org, who.storeId, [...touched], now, { terminalId: who.terminalId, fromSeq: fresh[0]!.seq, snapshotsFollow: snapshotChanged });
    await feedCustomers(tx, org, who.terminalId, [...snapshotChanged].sort(), now);
    // One small row per store that knows any of the batch's customers, listing that store's
    // operations of the batch (migration 007): the page reader builds each item from `events`, so
    // the payload is not written a second time, and the feed grows by a row a batch, not a row an operation.
    const ledgerOps = fresh.filter((e) => e.type === 'ledger.recorded');
    if (ledgerOps.length > 0) {
      await tx.query(
        `INSERT INTO feed (organisation_id, store_id, origin_terminal_id, kind, item, created_at, event_terminal_id, event_seqs)
         SELECT $1, sc.store_id, $2::uuid, 'ledger', NULL, $3, $2::uuid, array_agg(u.seq ORDER BY u.seq)
           FROM unnest($4::bigint[], $5::uuid[]) AS u(seq, customer_id)
           -- the batch's customers looked up by key first: joined to the whole table, the planner hashed all of store_customers
           JOIN (SELECT customer_id, store_id FROM store_customers WHERE organisation_id = $1 AND customer_id = ANY($6::uuid[])) sc ON sc.customer_id = u.customer_id
          GROUP BY sc.store_id
          ORDER BY sc.store_id`,
        [org, who.terminalId, now, ledgerOps.map((e) => e.seq), ledgerOps.map((e) => customerOf(e)), [...new Set(ledgerOps.map((e) => customerOf(e)))]],
      );
    }
    return { ackSeq: fresh[fresh.length - 1]!.seq, stored: fresh.length, conflicts };
  });
}

/** Runs an INSERT; a unique violation (a reused id) refuses the batch as sync.batch_invalid with `params`. */
async function uniqueOr<T>(insert: Promise<T>, params: Record<string, unknown>): Promise<T> {
  try {
    return await insert;
  } catch (e) {
    if ((e as { code?: unknown } | null)?.code === '23505') throw new HqError('sync.batch_invalid', params);
    throw e;
  }
}

/** A repeated event must be the one HQ holds at that seq; a different one means the terminal lost its outbox. */
async function checkHeld(tx: Queryable, who: TerminalIdentity, held: PushEvent[]): Promise<void> {
  const rows = await tx.query<{ seq: number; id: string }>(
    'SELECT seq, id::text FROM events WHERE organisation_id = $1 AND terminal_id = $2 AND seq BETWEEN $3 AND $4',
    [who.organisationId, who.terminalId, held[0]!.seq, held[held.length - 1]!.seq],
  );
  const bySeq = new Map(rows.map((r) => [r.seq, r.id]));
  for (const e of held) {
    if (bySeq.get(e.seq) !== e.id) throw new HqError('sync.batch_invalid', { seq: e.seq, field: 'id', reason: 'seq_reused' });
  }
}

/**
 * Adds the batch's entries to HQ's balances (rows locked in one order, so concurrent batches cannot
 * deadlock) and records a conflict wherever a spend took a balance below zero: two offline
 * terminals spent the same stamps, points or reward. Both entries stay; a manager decides.
 */
async function applyBalances(deps: HqDeps, tx: Queryable, who: TerminalIdentity, entries: EntryRow[], now: number): Promise<number> {
  // Per balance: the batch's total, and the lowest point the running balance reaches within it (at a
  // spend). Checking only the end would miss a spend the same offline till later earned back: a free
  // drink redeemed on two tills, then another card filled on one of them before it reconnected.
  const sums = new Map<string, { customer_id: string; asset: string; delta: number; spent: number; lowest: number; overdrawnBy: string | null }>();
  for (const e of entries) {
    const key = `${e.customer_id}\u0000${e.asset}`;
    const s = sums.get(key) ?? { customer_id: e.customer_id, asset: e.asset, delta: 0, spent: 0, lowest: 0, overdrawnBy: null };
    s.delta += e.delta;
    if (e.delta < 0) {
      s.spent += -e.delta;
      if (s.delta < s.lowest || s.overdrawnBy === null) {
        s.lowest = Math.min(s.lowest, s.delta);
        s.overdrawnBy = e.operation_id;
      }
    }
    sums.set(key, s);
  }
  const rows = [...sums.values()].sort((a, b) => (a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0));
  const after = await tx.query<{ customer_id: string; asset: string; amount: number }>(
    `INSERT INTO balances (organisation_id, customer_id, asset, amount)
     SELECT $1, x.customer_id, x.asset, x.delta FROM jsonb_to_recordset($2::jsonb) AS x(customer_id uuid, asset text, delta bigint)
     ON CONFLICT (organisation_id, customer_id, asset) DO UPDATE SET amount = balances.amount + excluded.amount
     RETURNING customer_id::text, asset, amount`,
    [who.organisationId, JSON.stringify(rows.map(({ customer_id, asset, delta }) => ({ customer_id, asset, delta })))],
  );
  let conflicts = 0;
  for (const b of after) {
    const s = sums.get(`${b.customer_id}\u0000${b.asset}`);
    if (!s || s.spent === 0 || !s.overdrawnBy) continue;
    const before = b.amount - s.delta;
    const low = before + s.lowest;
    if (low >= 0) continue;
    const [other] = await tx.query<{ operation_id: string; terminal_id: string }>(
      `SELECT operation_id::text, terminal_id::text FROM ledger_entries
        WHERE organisation_id = $1 AND customer_id = $2 AND asset = $3 AND delta < 0 AND operation_id <> $4
        ORDER BY (terminal_id <> $5::uuid) DESC, received_at DESC LIMIT 1`,
      [who.organisationId, b.customer_id, b.asset, s.overdrawnBy, who.terminalId],
    );
    await tx.query(
      `INSERT INTO conflicts (id, organisation_id, kind, customer_id, asset, operation_id, terminal_id, other_operation_id, other_terminal_id, shortfall, created_at)
       VALUES ($1, $2, 'double_spend', $3, $4, $5, $6, $7, $8, $9, $10)`,
      [deps.newId(), who.organisationId, b.customer_id, b.asset, s.overdrawnBy, who.terminalId, other?.operation_id ?? null, other?.terminal_id ?? null, Math.min(s.spent, -low), now],
    );
    conflicts++;
  }
  return conflicts;
}

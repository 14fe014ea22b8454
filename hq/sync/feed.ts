import { MAX_FEED_PAGE, MAX_PUSH_EVENTS, type CustomerSnapshot, type FeedPage } from '../../shared/sync/wire';
import type { Queryable } from '../db/sql';
import type { HqDeps } from '../deps';
import { HqError } from '../errors';
import type { TerminalIdentity } from '../tenancy';

/**
 * The change feed: rows of `feed`, each for one store (store_id) or for every store of the
 * organisation (store_id NULL), read by cursor. A reader of store S reads S's rows and the
 * organisation-wide ones, so those must become visible in cursor order:
 *  - a writer of store rows holds the organisation's feed lock SHARED and each of its stores' locks
 *    EXCLUSIVE (lockStoreFeeds), so two batches of different stores write at the same time, and
 *    rows of one store are written by one transaction at a time;
 *  - a writer of organisation-wide rows holds the organisation's lock EXCLUSIVE (lockFeed), alone.
 * Cursors are drawn after the locks are taken and the locks are held to commit, so no reader ever
 * skips a row that commits late. Which stores a customer's rows go to (store_customers) only
 * changes under that customer's row lock (lockCustomers), taken before the feed locks.
 */
const FEED_LOCK = 7114;

export async function lockFeed(tx: Queryable, organisationId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1::text, $2))', [organisationId, FEED_LOCK]);
}

/** The feed locks for writing rows of these stores (sorted, so writers never deadlock). */
export async function lockStoreFeeds(tx: Queryable, organisationId: string, storeIds: Iterable<string>): Promise<void> {
  const stores = [...new Set(storeIds)].sort();
  // One statement, in array order: the organisation's lock (shared) first, then each store's.
  await tx.query(
    `SELECT CASE WHEN s IS NULL THEN pg_advisory_xact_lock_shared(hashtextextended($1::text, $2))
                 ELSE pg_advisory_xact_lock(hashtextextended($1::text || ':' || s, $2)) END
       FROM unnest(array_prepend(NULL::text, $3::text[])) AS s`,
    [organisationId, FEED_LOCK, stores],
  );
}

/**
 * Locks these customers' rows (sorted), so the stores that know them (store_customers) and what
 * those stores were sent stay fixed until commit: a store starting to know a customer and a new
 * operation of that customer are ordered, and neither misses the other.
 */
export async function lockCustomers(tx: Queryable, organisationId: string, customerIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(customerIds)].sort();
  if (ids.length === 0) return;
  await tx.query('SELECT 1 FROM customers WHERE organisation_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR NO KEY UPDATE', [organisationId, ids]);
}

/** The stores that know any of these customers, plus `also`. Call under lockCustomers. */
export async function storesKnowing(tx: Queryable, organisationId: string, customerIds: Iterable<string>, also: string[] = []): Promise<string[]> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return [...new Set(also)];
  const rows = await tx.query<{ store_id: string }>(
    'SELECT DISTINCT store_id::text FROM store_customers WHERE organisation_id = $1 AND customer_id = ANY($2::uuid[])',
    [organisationId, ids],
  );
  return [...new Set([...also, ...rows.map((r) => r.store_id)])];
}

/** A customer row with its cards as the wire's CustomerSnapshot (jsonb), for alias `c`. */
export const customerSnapshotSql = `jsonb_build_object(
  'id', c.id, 'name', c.name, 'phone', c.phone, 'email', c.email, 'birthday', c.birthday, 'language', c.language,
  'marketingConsent', c.marketing_consent, 'marketingConsentAt', c.marketing_consent_at,
  'enrolledAt', c.enrolled_at, 'enrolledBy', c.enrolled_by, 'homeStoreId', c.home_store_id,
  'cards', COALESCE((SELECT jsonb_agg(jsonb_build_object('code', k.code, 'linkedAt', k.linked_at, 'blocked', k.blocked) ORDER BY k.linked_at, k.code)
                       FROM cards k WHERE k.organisation_id = c.organisation_id AND k.customer_id = c.id), '[]'::jsonb))`;

/** Customer items (a snapshot with cards) for every store that knows each of `customerIds`. */
export async function feedCustomers(tx: Queryable, organisationId: string, originTerminalId: string | null, customerIds: string[], now: number): Promise<void> {
  if (customerIds.length === 0) return;
  await tx.query(
    `INSERT INTO feed (organisation_id, store_id, origin_terminal_id, kind, item, created_at)
     SELECT $1, sc.store_id, $2, 'customer', jsonb_build_object('kind', 'customer', 'customer', ${customerSnapshotSql}), $3
       FROM customers c
       JOIN store_customers sc ON sc.organisation_id = c.organisation_id AND sc.customer_id = c.id
      WHERE c.organisation_id = $1 AND c.id = ANY($4::uuid[])
      ORDER BY c.id, sc.store_id`,
    [organisationId, originTerminalId, now, customerIds],
  );
}

/**
 * Makes `storeId` know these customers (home store, an event there, a lookup from there). For
 * each customer the store did not know yet, its snapshot and its whole HQ ledger so far (with the
 * operations that changed only their loyalty state) go to that store's feed, so the store's
 * terminals can hold the same balance and state HQ's stores do. `skip` leaves out the operations of
 * the batch being stored (they follow as ledger items of their own). Returns the
 * customers that were new to the store. The caller holds the customers' row locks and the store's feed lock.
 */
export async function makeKnown(
  tx: Queryable,
  organisationId: string,
  storeId: string,
  customerIds: string[],
  now: number,
  skip?: { terminalId: string; fromSeq: number; snapshotsFollow?: ReadonlySet<string> },
): Promise<string[]> {
  // A pushing terminal already holds the customers its batch is about: their snapshot is not echoed to it.
  const origin = skip?.terminalId ?? null;
  if (customerIds.length === 0) return [];
  const fresh = await tx.query<{ customer_id: string }>(
    `INSERT INTO store_customers (organisation_id, customer_id, store_id, since)
     SELECT $1, value::uuid, $2, $3 FROM jsonb_array_elements_text($4::jsonb)
     ON CONFLICT DO NOTHING RETURNING customer_id::text`,
    [organisationId, storeId, now, JSON.stringify([...new Set(customerIds)].sort())],
  );
  const ids = fresh.map((r) => r.customer_id);
  if (ids.length === 0) return [];
  // Customers whose snapshot the caller writes next (feedCustomers) need none here.
  const snapshotIds = ids.filter((id) => !skip?.snapshotsFollow?.has(id));
  if (snapshotIds.length > 0) await tx.query(
    `INSERT INTO feed (organisation_id, store_id, origin_terminal_id, kind, item, created_at)
     SELECT $1, $2, $5::uuid, 'customer', jsonb_build_object('kind', 'customer', 'customer', ${customerSnapshotSql}), $3
       FROM customers c WHERE c.organisation_id = $1 AND c.id = ANY($4::uuid[])
      ORDER BY c.id`,
    [organisationId, storeId, now, snapshotIds, origin],
  );
  await tx.query(
    `INSERT INTO feed (organisation_id, store_id, origin_terminal_id, kind, item, created_at)
     SELECT $1, $2, op.terminal_id, 'ledger',
            jsonb_build_object('kind', 'ledger', 'originTerminalId', op.terminal_id, 'operationId', op.operation_id,
                               'customerId', op.customer_id, 'command', op.command, 'entries', op.entries)
              || CASE WHEN op.changes IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('changes', op.changes) END
              || CASE WHEN op.others IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('others', op.others) END, $3
       FROM (SELECT l.operation_id, min(l.terminal_id::text)::uuid AS terminal_id, min(l.customer_id::text)::uuid AS customer_id, min(l.command) AS command,
                    jsonb_agg(COALESCE(l.entry, en.x) ORDER BY l.id) AS entries, min(l.received_at) AS received_at, min(l.terminal_seq) AS terminal_seq,
                    -- the engine's state changes ride with the operation's event (issue 5); HQ's own entries have none
                    (array_agg(e.payload->'changes') FILTER (WHERE e.payload ? 'changes'))[1] AS changes,
                    (array_agg(e.payload->'others') FILTER (WHERE e.payload ? 'others'))[1] AS others
               FROM ledger_entries l
               -- a pushed entry lives in its event's payload (migration 005); HQ's own entries keep theirs
               LEFT JOIN events e ON l.entry IS NULL AND e.organisation_id = l.organisation_id AND e.terminal_id = l.terminal_id AND e.seq = l.terminal_seq
               LEFT JOIN LATERAL (SELECT x FROM jsonb_array_elements(e.payload->'entries') AS x WHERE (x->>'id')::uuid = l.id) en ON true
              WHERE l.organisation_id = $1 AND l.customer_id = ANY($4::uuid[])
                AND NOT (l.terminal_id = $5::uuid AND l.terminal_seq >= $6)
              GROUP BY l.operation_id
             UNION ALL
             -- operations that changed only the engine's state have no entries, only their event (migration 006)
             SELECT (e.payload->>'operationId')::uuid, e.terminal_id, e.customer_id, e.payload->>'command', '[]'::jsonb, e.received_at, e.seq,
                    e.payload->'changes', e.payload->'others'
               FROM events e
              WHERE e.organisation_id = $1 AND e.customer_id = ANY($4::uuid[]) AND e.type = 'ledger.recorded' AND e.payload->'entries' = '[]'::jsonb
                AND NOT (e.terminal_id = $5::uuid AND e.seq >= $6)) op
      ORDER BY op.received_at, op.terminal_id, op.terminal_seq`,
    [organisationId, storeId, now, ids, skip?.terminalId ?? '00000000-0000-0000-0000-000000000000', skip?.fromSeq ?? 0],
  );
  return ids;
}

/**
 * Cursors step by FEED_ROW_SPAN (migration 007): a row that lists a batch's operations gives its k-th
 * operation the position cursor + k, so every item has a cursor of its own while a batch is one row.
 */
export const FEED_ROW_SPAN = 1024;
if (MAX_PUSH_EVENTS >= FEED_ROW_SPAN) throw new Error('a feed row must hold a whole batch within FEED_ROW_SPAN positions');

/**
 * One page of the asking terminal's store feed after `cursor`, as the JSON text of a FeedPage:
 * organisation-wide rows and the store's own, merged by cursor; each half is an index range scan
 * on (organisation_id, store_id, cursor) stopped at `limit`. A row that lists operations gives one
 * item per operation (the first ones skipped when `cursor` is inside it), and rows are taken only
 * while the page has room, so a page never unpacks more than it sends. Rows the terminal itself
 * caused are left out of `items` but still move `next` on, a whole row at once. PostgreSQL writes
 * each item's JSON, so a page of a thousand items is never parsed and re-serialised in Node.
 */
export async function readFeedJson(deps: HqDeps, who: TerminalIdentity, cursor: string, limit: number): Promise<string> {
  const n = Math.max(1, Math.min(MAX_FEED_PAGE, Math.floor(limit)));
  // Items the asking terminal caused are not serialised at all (it skips them anyway); ledger items
  // are built from their event here, with the event's HLC. Each item is written as text, its parts
  // spliced in (the cursor first), rather than built as a new jsonb and written out: half the work
  // per item in PostgreSQL (a page's p50 9 -> 7 ms), for the same JSON.
  const rows = await deps.sql.query<{ cursor: number; own: boolean; json: string | null }>(
    `SELECT f.pos AS cursor, f.own,
            CASE WHEN f.own THEN NULL
                 WHEN f.item IS NOT NULL THEN '{"cursor":"' || f.pos || '",' || substr(f.item::text, 2)
                 ELSE '{"cursor":"' || f.pos || '","kind":"ledger","originTerminalId":"' || e.terminal_id
                   || '","operationId":' || (e.payload->'operationId')::text || ',"customerId":' || (e.payload->'customerId')::text
                   || ',"command":' || (e.payload->'command')::text || ',"entries":' || (e.payload->'entries')::text
                   || ',"hlc":' || to_json(e.hlc)::text
                   || COALESCE(',"changes":' || (e.payload->'changes')::text, '') || COALESCE(',"others":' || (e.payload->'others')::text, '')
                   || '}' END AS json
       FROM (SELECT r.cursor + x.k AS pos, r.own, r.item, r.event_terminal_id, x.seq
               FROM (SELECT w.*, sum(w.left_in_row) OVER (ORDER BY w.cursor ROWS UNBOUNDED PRECEDING) - w.left_in_row AS before
                       FROM (SELECT u.*, origin_terminal_id IS NOT DISTINCT FROM $5::uuid AS own,
                                    -- the row's items after the cursor: all of them, but for a row the cursor is inside
                                    CASE WHEN event_seqs IS NULL OR origin_terminal_id IS NOT DISTINCT FROM $5::uuid THEN 1 ELSE LEAST(cardinality(event_seqs), u.cursor + cardinality(event_seqs) - 1 - $3::bigint) END AS left_in_row
                               FROM ((SELECT cursor, origin_terminal_id, item, event_terminal_id, event_seqs FROM feed
                                       WHERE organisation_id = $1 AND store_id IS NULL AND cursor > $3::bigint - ${FEED_ROW_SPAN}
                                         AND cursor + COALESCE(cardinality(event_seqs), 1) - 1 > $3::bigint ORDER BY cursor LIMIT $4)
                                     UNION ALL
                                     (SELECT cursor, origin_terminal_id, item, event_terminal_id, event_seqs FROM feed
                                       WHERE organisation_id = $1 AND store_id = $2 AND cursor > $3::bigint - ${FEED_ROW_SPAN}
                                         AND cursor + COALESCE(cardinality(event_seqs), 1) - 1 > $3::bigint ORDER BY cursor LIMIT $4)) u
                              ORDER BY u.cursor LIMIT $4) w) r
               -- one item per listed operation; a row of the asking terminal's own is one position, its last
               CROSS JOIN LATERAL (SELECT t.s AS seq, t.o - 1 + CASE WHEN r.own AND r.event_seqs IS NOT NULL THEN cardinality(r.event_seqs) - 1 ELSE 0 END AS k
                                     FROM unnest(CASE WHEN r.event_seqs IS NULL OR r.own THEN ARRAY[NULL::bigint] ELSE r.event_seqs END) WITH ORDINALITY AS t(s, o)) x
              WHERE r.before < $4 AND r.cursor + x.k > $3::bigint
              ORDER BY pos LIMIT $4) f
       LEFT JOIN events e ON f.item IS NULL AND NOT f.own AND e.organisation_id = $1 AND e.terminal_id = f.event_terminal_id AND e.seq = f.seq
      ORDER BY f.pos`,
    [who.organisationId, who.storeId, cursor, n, who.terminalId],
  );
  const items = rows.filter((r) => !r.own && r.json !== null).map((r) => r.json!);
  const next = rows.length > 0 ? String(rows[rows.length - 1]!.cursor) : cursor;
  return `{"items":[${items.join(',')}],"next":${JSON.stringify(next)},"more":${rows.length === n}}`;
}

/** readFeedJson, parsed. */
export async function readFeed(deps: HqDeps, who: TerminalIdentity, cursor: string, limit: number): Promise<FeedPage> {
  return JSON.parse(await readFeedJson(deps, who, cursor, limit)) as FeedPage;
}

export type CustomerWithBalances = CustomerSnapshot & { balances: Record<string, number> };

async function snapshotOf(q: Queryable, organisationId: string, customerId: string): Promise<CustomerWithBalances | null> {
  const [row] = await q.query<{ s: CustomerSnapshot }>(`SELECT ${customerSnapshotSql} AS s FROM customers c WHERE c.organisation_id = $1 AND c.id = $2`, [
    organisationId,
    customerId,
  ]);
  if (!row) return null;
  return { ...row.s, balances: await balancesOf(q, organisationId, customerId) };
}

export async function balancesOf(q: Queryable, organisationId: string, customerId: string): Promise<Record<string, number>> {
  const rows = await q.query<{ asset: string; amount: number }>('SELECT asset, amount FROM balances WHERE organisation_id = $1 AND customer_id = $2 ORDER BY asset', [
    organisationId,
    customerId,
  ]);
  return Object.fromEntries(rows.map((r) => [r.asset, r.amount]));
}

/**
 * A customer scanned at a store that does not hold them yet (first seen at another store of the
 * organisation): the snapshot with cards and HQ's balances. From now on the store knows the
 * customer, so the rest of the customer's ledger and later changes come through its feed.
 */
export async function customerByCode(deps: HqDeps, who: TerminalIdentity, code: string): Promise<CustomerWithBalances> {
  return deps.sql.transaction(async (tx) => {
    const [card] = await tx.query<{ customer_id: string }>('SELECT customer_id::text FROM cards WHERE organisation_id = $1 AND code = $2', [who.organisationId, code]);
    if (!card) throw new HqError('sync.not_found');
    return knownFromNowOn(deps, tx, who, card.customer_id);
  });
}

/**
 * A customer of the terminal's organisation by id: a referrer named by a referral claimed at
 * another store, whose gift a purchase here has earned (the id comes from that claim; HQ has no
 * lookup by phone or name for terminals). As customerByCode, the store knows the customer from now on.
 */
export async function customerById(deps: HqDeps, who: TerminalIdentity, customerId: string): Promise<CustomerWithBalances> {
  return deps.sql.transaction((tx) => knownFromNowOn(deps, tx, who, customerId));
}

async function knownFromNowOn(deps: HqDeps, tx: Queryable, who: TerminalIdentity, customerId: string): Promise<CustomerWithBalances> {
  await lockCustomers(tx, who.organisationId, [customerId]);
  const snapshot = await snapshotOf(tx, who.organisationId, customerId);
  if (!snapshot) throw new HqError('sync.not_found');
  await lockStoreFeeds(tx, who.organisationId, [who.storeId]);
  await makeKnown(tx, who.organisationId, who.storeId, [customerId], deps.now());
  return snapshot;
}

export async function blockCard(deps: HqDeps, input: { organisationId: string; code: string; reason: string }): Promise<void> {
  const reason = input.reason.trim().slice(0, 200);
  await deps.sql.transaction(async (tx) => {
    const [card] = await tx.query<{ customer_id: string }>(
      'UPDATE cards SET blocked = true, blocked_reason = $3 WHERE organisation_id = $1 AND code = $2 RETURNING customer_id::text',
      [input.organisationId, input.code, reason],
    );
    if (!card) throw new HqError('admin.not_found', { what: 'card' });
    const now = deps.now();
    await lockCustomers(tx, input.organisationId, [card.customer_id]);
    await lockStoreFeeds(tx, input.organisationId, await storesKnowing(tx, input.organisationId, [card.customer_id]));
    await tx.query(
      `INSERT INTO feed (organisation_id, store_id, origin_terminal_id, kind, item, created_at)
       SELECT $1, sc.store_id, NULL, 'card.blocked', $2::jsonb, $3 FROM store_customers sc WHERE sc.organisation_id = $1 AND sc.customer_id = $4 ORDER BY sc.store_id`,
      [input.organisationId, JSON.stringify({ kind: 'card.blocked', code: input.code, reason, at: now }), now, card.customer_id],
    );
  });
}

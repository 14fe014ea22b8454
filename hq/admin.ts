import type { AllowancePolicy } from './allowance';
import { setAllowancePolicy } from './allowance';
import { listConflicts, resolveConflict, type Conflict, type HqResolution } from './conflicts';
import type { HqDeps } from './deps';
import { currentCatalogue, publishCatalogue, type CatalogueDocument } from './catalogue';
import { listPrograms, publishProgram } from './programs';
import { listStaff, saveStaff, type StaffInput, type StaffView } from './staff';
import { balancesOf, blockCard, customerSnapshotSql, type CustomerWithBalances } from './sync/feed';
import { createEnrolCode, createOrganisation, createStore, revokeTerminal, type ConflictPolicy, type Currency } from './tenancy';

export type { Conflict } from './conflicts';

/** The in-process admin API: used by tests, by the admin UI's HTTP handlers and by terminal-side tests. */
export interface HqAdmin {
  createOrganisation(input: { name: string; conflictPolicy?: ConflictPolicy }): Promise<{ id: string }>;
  createStore(input: { organisationId: string; name: string; currency: Currency; timeZone: string }): Promise<{ id: string }>;
  createEnrolCode(input: { storeId: string; ttlMs?: number }): Promise<{ code: string; expiresAt: number }>;
  revokeTerminal(terminalId: string): Promise<void>;
  publishProgram(input: { organisationId: string; document: unknown }): Promise<{ version: number }>;
  listConflicts(organisationId: string, opts?: { open?: boolean }): Promise<Conflict[]>;
  resolveConflict(input: { conflictId: string; resolution: HqResolution; managerName: string }): Promise<void>;
  /** Events stored (exactly-once checks). */
  eventCount(organisationId: string): Promise<number>;
  /** Asset -> amount, from HQ's ledger. */
  customerBalances(organisationId: string, customerId: string): Promise<Record<string, number>>;
  setAllowancePolicy(input: { organisationId: string } & AllowancePolicy): Promise<void>;
  /** A lost or stolen card: blocked at HQ, and `card.blocked` to every store that knows its customer. */
  blockCard(input: { organisationId: string; code: string; reason: string }): Promise<void>;

  /** A staff member of the whole chain, sent to every store's tills (the PIN only as its scrypt hash). */
  saveStaff(input: StaffInput): Promise<StaffView>;
  listStaff(organisationId: string): Promise<StaffView[]>;
  /** A whole catalogue as the chain's next version, sent to every store's tills. */
  publishCatalogue(input: { organisationId: string; document: unknown }): Promise<{ version: number }>;
  currentCatalogue(organisationId: string): Promise<{ version: number; publishedAt: number; document: CatalogueDocument } | null>;

  // What the admin UI shows.
  listOrganisations(): Promise<{ id: string; name: string; conflictPolicy: ConflictPolicy }[]>;
  listStores(organisationId: string): Promise<StoreView[]>;
  listPrograms(organisationId: string): Promise<{ version: number; publishedAt: number; document: unknown }[]>;
  findCustomers(organisationId: string, query: string): Promise<CustomerWithBalances[]>;
  summary(organisationId: string): Promise<StoreSummary[]>;
}

export interface TerminalView {
  id: string;
  name: string;
  enrolledAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
  lastPushAt: number | null;
  /** Highest sequence HQ holds (every event 1..ackSeq). */
  ackSeq: number;
  /** How far the terminal's clock was from HQ's at its last push (ms, terminal minus HQ). */
  clockSkewMs: number | null;
}

export interface StoreView {
  id: string;
  name: string;
  currency: Currency;
  timeZone: string;
  terminals: TerminalView[];
}

export interface StoreSummary {
  storeId: string;
  name: string;
  currency: Currency;
  terminals: number;
  homeCustomers: number;
  events: number;
  sales: number;
  salesTotalMinor: number;
  openConflicts: number;
}

export function createAdmin(deps: HqDeps): HqAdmin {
  const { sql } = deps;
  return {
    createOrganisation: (input) => createOrganisation(deps, input),
    createStore: (input) => createStore(deps, input),
    createEnrolCode: (input) => createEnrolCode(deps, input),
    revokeTerminal: (id) => revokeTerminal(deps, id),
    publishProgram: (input) => publishProgram(deps, input),
    saveStaff: (input) => saveStaff(deps, input),
    listStaff: (org) => listStaff(deps, org),
    publishCatalogue: (input) => publishCatalogue(deps, input),
    currentCatalogue: (org) => currentCatalogue(deps, org),
    listConflicts: (org, opts) => listConflicts(deps, org, opts),
    resolveConflict: (input) => resolveConflict(deps, input),
    async eventCount(org) {
      const [r] = await sql.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE organisation_id = $1', [org]);
      return r?.n ?? 0;
    },
    customerBalances: (org, customerId) => balancesOf(sql, org, customerId),
    setAllowancePolicy: (input) => setAllowancePolicy(deps, input),
    blockCard: (input) => blockCard(deps, input),
    async listOrganisations() {
      const rows = await sql.query<{ id: string; name: string; conflict_policy: ConflictPolicy }>('SELECT id::text, name, conflict_policy FROM organisations ORDER BY created_at, id');
      return rows.map((r) => ({ id: r.id, name: r.name, conflictPolicy: r.conflict_policy }));
    },
    async listStores(org) {
      const stores = await sql.query<{ id: string; name: string; currency: Currency; time_zone: string }>(
        'SELECT id::text, name, currency, time_zone FROM stores WHERE organisation_id = $1 ORDER BY created_at, id',
        [org],
      );
      const terminals = await sql.query<{
        id: string;
        store_id: string;
        name: string;
        enrolled_at: number;
        revoked_at: number | null;
        last_seen_at: number | null;
        last_push_at: number | null;
        last_sent_at: number | null;
        acked_seq: number;
      }>(
        `SELECT id::text, store_id::text, name, enrolled_at, revoked_at, last_seen_at, last_push_at, last_sent_at, acked_seq
           FROM terminals WHERE organisation_id = $1 ORDER BY enrolled_at, id`,
        [org],
      );
      return stores.map((s) => ({
        id: s.id,
        name: s.name,
        currency: s.currency,
        timeZone: s.time_zone,
        terminals: terminals
          .filter((t) => t.store_id === s.id)
          .map((t) => ({
            id: t.id,
            name: t.name,
            enrolledAt: t.enrolled_at,
            revokedAt: t.revoked_at,
            lastSeenAt: t.last_seen_at,
            lastPushAt: t.last_push_at,
            ackSeq: t.acked_seq,
            clockSkewMs: t.last_sent_at !== null && t.last_push_at !== null ? t.last_sent_at - t.last_push_at : null,
          })),
      }));
    },
    listPrograms: (org) => listPrograms(deps, org),
    async findCustomers(org, query) {
      const q = query.trim();
      if (q.length === 0) return [];
      const rows = await sql.query<{ s: CustomerWithBalances; id: string }>(
        `SELECT c.id::text, ${customerSnapshotSql} AS s FROM customers c
          WHERE c.organisation_id = $1
            AND (c.id IN (SELECT customer_id FROM cards WHERE organisation_id = $1 AND code = $2)
                 OR c.phone = $2 OR c.name ILIKE '%' || $3 || '%')
          ORDER BY c.name, c.id LIMIT 50`,
        [org, q, q.replace(/[%_\\]/g, (m) => `\\${m}`)],
      );
      return Promise.all(rows.map(async (r) => ({ ...r.s, balances: await balancesOf(sql, org, r.id) })));
    },
    async summary(org) {
      const rows = await sql.query<{
        id: string;
        name: string;
        currency: Currency;
        terminals: number;
        home_customers: number;
        events: number;
        sales: number;
        sales_total: number | null;
        open_conflicts: number;
      }>(
        `SELECT s.id::text, s.name, s.currency,
                (SELECT count(*) FROM terminals t WHERE t.store_id = s.id AND t.revoked_at IS NULL) AS terminals,
                (SELECT count(*) FROM customers c WHERE c.organisation_id = s.organisation_id AND c.home_store_id = s.id) AS home_customers,
                (SELECT count(*) FROM events e WHERE e.organisation_id = s.organisation_id AND e.store_id = s.id) AS events,
                (SELECT count(*) FROM events e WHERE e.organisation_id = s.organisation_id AND e.store_id = s.id AND e.type = 'sale.completed') AS sales,
                (SELECT sum((e.payload->'sale'->>'totalMinor')::bigint) FROM events e
                  WHERE e.organisation_id = s.organisation_id AND e.store_id = s.id AND e.type = 'sale.completed') AS sales_total,
                (SELECT count(*) FROM conflicts k JOIN terminals t ON t.id = k.terminal_id
                  WHERE k.organisation_id = s.organisation_id AND t.store_id = s.id AND k.resolved_at IS NULL) AS open_conflicts
           FROM stores s WHERE s.organisation_id = $1 ORDER BY s.created_at, s.id`,
        [org],
      );
      return rows.map((r) => ({
        storeId: r.id,
        name: r.name,
        currency: r.currency,
        terminals: r.terminals,
        homeCustomers: r.home_customers,
        events: r.events,
        sales: r.sales,
        salesTotalMinor: r.sales_total ?? 0,
        openConflicts: r.open_conflicts,
      }));
    },
  };
}

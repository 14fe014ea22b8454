import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startHq, type HqOptions, type RunningHq } from '../../hq/app';
import { uuidV7 } from '../../shared/ids';
import type { LedgerEntry } from '../../shared/domain/ledger';
import { cafeTemplate } from '../../shared/loyalty';
import type { EnrolResponse, FeedPage, PushEvent, PushResponse } from '../../shared/sync/wire';

/**
 * The databases every HQ test runs on: PGlite always, and the real PostgreSQL server in PG_TEST_URL
 * when there is one (scripts/test.sh starts one; CI always has it). Each `open()` is a fresh database:
 * a new PGlite folder, or CREATE DATABASE hq_test_<random> on the server, dropped by `drop()`.
 */
export interface Backend {
  name: string;
  open(): Promise<{ options: HqOptions; drop(): Promise<void> }>;
}

export const backends: Backend[] = [
  {
    name: 'pglite',
    async open() {
      const dataDir = mkdtempSync(join(tmpdir(), 'hq-test-'));
      return { options: { dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }) };
    },
  },
];

const serverUrl = process.env['PG_TEST_URL'];
if (serverUrl) {
  backends.push({
    name: 'postgresql',
    async open() {
      const name = `hq_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return {
        options: { databaseUrl: url.toString() },
        async drop() {
          const c = new pg.Client({ connectionString: serverUrl });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await c.end();
        },
      };
    },
  });
}

export interface TestHq extends RunningHq {
  options: HqOptions;
  /** Stops HQ and deletes its database. */
  destroy(): Promise<void>;
}

export async function openHq(backend: Backend, extra: HqOptions = {}): Promise<TestHq> {
  const db = await backend.open();
  const options: HqOptions = { ...db.options, adminPassword: 'admin-test-password', log: (...a: unknown[]) => console.error(...a), ...extra };
  const hq = await startHq(options);
  return {
    ...hq,
    options,
    async destroy() {
      await hq.close();
      await db.drop();
    },
  };
}

export const newId = (): string => uuidV7(Date.now(), randomBytes(10));

/** A terminal as HQ sees it: enrols over HTTP, then pushes its outbox and reads its feed. */
export class FakeTerminal {
  readonly id = newId();
  seq = 0;
  secret = '';
  enrolment: EnrolResponse | null = null;
  private hlcCounter = 0;

  constructor(public hqUrl: string) {}

  static async enrolled(hq: RunningHq, storeId: string, name = 'till'): Promise<FakeTerminal> {
    const t = new FakeTerminal(hq.url);
    const { code } = await hq.admin.createEnrolCode({ storeId });
    const r = await t.enrol(code, name);
    if (r.status !== 200) throw new Error(`enrol failed: ${r.status} ${JSON.stringify(r.body)}`);
    return t;
  }

  async enrol(code: string, name = 'till'): Promise<{ status: number; body: unknown }> {
    const r = await this.request('POST', '/v1/enrol', { wire: 1, code, terminalId: this.id, name }, false);
    if (r.status === 200) {
      this.enrolment = r.body as EnrolResponse;
      this.secret = this.enrolment.secret;
    }
    return r;
  }

  get authorization(): string {
    return `Bearer ${this.id}.${this.secret}`;
  }

  async request(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth) headers['authorization'] = this.authorization;
    const res = await fetch(this.hqUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  /** The next outbox event of this terminal (seq and hlc advance). */
  event(payload: Record<string, unknown> & { type: string }): PushEvent {
    this.seq += 1;
    this.hlcCounter += 1;
    const now = Date.now();
    return { seq: this.seq, id: newId(), type: payload.type, hlc: `${String(now).padStart(15, '0')}-${String(this.hlcCounter % 100000).padStart(5, '0')}-t`, createdAt: now, payload };
  }

  enrolCustomer(customerId = newId(), name = 'Мария Иванова'): PushEvent {
    const now = Date.now();
    return this.event({
      type: 'customer.enrolled',
      customer: { id: customerId, name, phone: '+359888123456', email: null, birthday: null, language: 'bg', marketingConsent: false, marketingConsentAt: null, enrolledAt: now, enrolledBy: 'staff-1' },
    });
  }

  linkCard(customerId: string, code: string): PushEvent {
    return this.event({ type: 'card.linked', customerId, code, linkedAt: Date.now() });
  }

  /** One ledger operation: `deltas` per asset (positive earns, negative spends). */
  ledger(customerId: string, command: string, deltas: [asset: string, delta: number][]): PushEvent {
    const operationId = newId();
    const seq = this.seq + 1;
    const now = Date.now();
    const entries: LedgerEntry[] = deltas.map(([asset, delta]) => ({
      id: newId(),
      asset,
      delta,
      kind: delta < 0 ? 'redeem' : 'earn',
      rule: null,
      explanation: { key: 'test', params: {} },
      customerId,
      operationId,
      visitId: null,
      staffId: 'staff-1',
      terminalId: this.id,
      terminalSeq: seq,
      programVersion: 1,
      reason: null,
      createdAt: now,
    }));
    return this.event({ type: 'ledger.recorded', operationId, customerId, command, entries });
  }

  async push(events: PushEvent[]): Promise<{ status: number; body: PushResponse & { ok?: false; error?: { code: string; params: Record<string, unknown> } } }> {
    const r = await this.request('POST', '/v1/push', { wire: 1, terminalId: this.id, sentAt: Date.now(), events });
    return r as never;
  }

  async feed(cursor = '0', limit?: number): Promise<{ status: number; body: FeedPage }> {
    return (await this.request('GET', `/v1/feed?cursor=${cursor}${limit ? `&limit=${limit}` : ''}`)) as never;
  }

  /** Every feed item after `cursor`, page by page. */
  async drainFeed(cursor = '0', limit = 100): Promise<{ items: FeedPage['items']; next: string }> {
    const items: FeedPage['items'] = [];
    for (;;) {
      const page = await this.feed(cursor, limit);
      if (page.status !== 200) throw new Error(`feed ${page.status}: ${JSON.stringify(page.body)}`);
      items.push(...page.body.items);
      cursor = page.body.next;
      if (!page.body.more) return { items, next: cursor };
    }
  }
}

/** An organisation with `stores` stores (EUR, Sofia). */
export async function chain(hq: RunningHq, stores = 2, conflictPolicy: 'write_off' | 'carry_negative' = 'write_off'): Promise<{ organisationId: string; storeIds: string[] }> {
  const { id: organisationId } = await hq.admin.createOrganisation({ name: 'Кафе Верига', conflictPolicy });
  const storeIds: string[] = [];
  for (let i = 0; i < stores; i++) storeIds.push((await hq.admin.createStore({ organisationId, name: `Магазин ${i + 1}`, currency: 'EUR', timeZone: 'Europe/Sofia' })).id);
  return { organisationId, storeIds };
}

/** A valid program document (the café template) for publishing. */
export function programDocument(name: string): Record<string, unknown> {
  return cafeTemplate({ name, currency: 'EUR', timeZone: 'Europe/Sofia', version: 1 }) as unknown as Record<string, unknown>;
}

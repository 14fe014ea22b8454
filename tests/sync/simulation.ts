/**
 * Issue 5's simulation, in one process: many real terminals (createTerminal on temp SQLite files)
 * in several stores of one chain, against the real HQ. Each terminal goes offline at random
 * (seeded), customers are shared across stores (a card scanned at a store that does not hold the
 * customer is looked up at HQ), and some free drinks are redeemed deliberately on two offline tills.
 * Offline is a fault-injecting gate in front of the real HTTP client: the request never leaves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningHq } from '../../hq/app';
import { createTerminal, type Terminal } from '../../electron/app/terminal';
import { silentLogger } from '../../electron/app/logger';
import { demoStaff } from '../../electron/app/demo';
import { createFetchHqClient, type HqClient } from '../../electron/sync/client';
import { verifyBalances } from '../../electron/db/stores/ledger';
import { OFFLINE_AFTER_MS } from '../../electron/sync/offline';
import { inStoreCardCode } from '../../shared/codes/ean';
import { err } from '../../shared/result';
import { testClock } from '../support/terminal';

export interface SimulationOptions {
  terminals: number;
  stores: number;
  rounds: number;
  seed: number;
  /** Free drinks redeemed on two offline tills of one store, on purpose. */
  doubleRedemptions: number;
}

export interface SimulationReport {
  eventsPushed: number;
  eventsAtHq: number;
  /** Terminals whose outbox HQ has not acknowledged to the end. */
  terminalsWaiting: number;
  deliberate: number;
  conflictsAtHq: number;
  /** Deliberate double spends with no conflict at HQ. */
  missedConflicts: number;
  /** Customers with a balance below zero at HQ and no conflict for them. */
  negativeWithoutConflict: number;
  /** (terminal, customer) pairs whose balances differ from HQ's, after every conflict was resolved. */
  mismatches: string[];
  verifyProblems: number;
  customers: number;
  lookups: number;
  offlineRefusals: number;
  seconds: number;
}

interface SimTerminal {
  terminal: Terminal;
  dataDir: string;
  store: number;
  offline: boolean;
  token: string;
  manager: string;
  id: string;
}

/** mulberry32: small, seeded, good enough to pick who does what. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string } };
const call = async (t: Terminal, name: string, input: unknown, token: string | null): Promise<Reply> => (await t.dispatch(name, input, token)) as Reply;
async function must<T>(t: Terminal, name: string, input: unknown, token: string | null): Promise<T> {
  const r = await call(t, name, input, token);
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

function gated(base: HqClient, isOffline: () => boolean): HqClient {
  const down = () => Promise.resolve(err({ code: 'sync.unavailable' as const }));
  return {
    enrol: (...a) => (isOffline() ? down() : base.enrol(...a)),
    push: (...a) => (isOffline() ? down() : base.push(...a)),
    feed: (...a) => (isOffline() ? down() : base.feed(...a)),
    customerByCode: (...a) => (isOffline() ? down() : base.customerByCode(...a)),
    customerById: (...a) => (isOffline() ? down() : base.customerById(...a)),
    allowance: (...a) => (isOffline() ? down() : base.allowance(...a)),
  };
}

export async function runSimulation(hq: RunningHq, o: SimulationOptions): Promise<SimulationReport> {
  const started = performance.now();
  const random = prng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const clock = testClock();
  const http = createFetchHqClient();
  const org = await hq.admin.createOrganisation({ name: `Simulation ${o.seed}-${Date.now()}` });
  const stores: string[] = [];
  for (let s = 0; s < o.stores; s++) stores.push((await hq.admin.createStore({ organisationId: org.id, name: `Store ${s + 1}`, currency: 'EUR', timeZone: 'Europe/Sofia' })).id);

  const tills: SimTerminal[] = [];
  const cards: string[] = [];
  let serial = o.seed * 100_000;
  let phones = 0;
  let lookups = 0;
  let offlineRefusals = 0;
  try {
    for (let i = 0; i < o.terminals; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'loyal-till-sim-'));
      const sim = { dataDir, store: i % o.stores, offline: false } as SimTerminal;
      sim.terminal = createTerminal({ dataDir, clock, log: silentLogger, sync: { client: gated(http, () => sim.offline) } });
      const staff = await must<{ id: string; role: string }[]>(sim.terminal, 'staff.list', {}, null);
      const login = (role: string) =>
        must<{ token: string }>(sim.terminal, 'staff.login', { staffId: staff.find((s) => s.role === role)!.id, pin: demoStaff.find((s) => s.role === role)!.pin }, null);
      sim.manager = (await login('manager')).token;
      sim.token = (await login('cashier')).token;
      sim.id = (await must<{ terminalId: string }>(sim.terminal, 'system.info', {}, null)).terminalId;
      const { code } = await hq.admin.createEnrolCode({ storeId: stores[sim.store]! });
      await must(sim.terminal, 'sync.enrol', { url: hq.url, code, name: `Till ${i + 1}` }, sim.manager);
      tills.push(sim);
      // Two customers enrolled at each till.
      for (let k = 0; k < 2; k++) {
        const card = inStoreCardCode(++serial);
        await must(sim.terminal, 'customer.enroll', { name: `Гост ${++phones}`, phone: `0887${String(100000 + phones).slice(-6)}`, language: 'bg', cardCode: card }, sim.token);
        cards.push(card);
      }
    }

    const localCustomers = (t: SimTerminal) => t.terminal.db.prepare('SELECT id FROM customers').pluck().all() as string[];
    const rewardsOf = (t: SimTerminal, customerId: string) =>
      t.terminal.db.prepare("SELECT asset FROM lots WHERE customer_id = ? AND asset LIKE 'reward:%' AND remaining > 0").pluck().all(customerId) as string[];

    // Customers of a deliberate double redemption are left out of the random activity: a card
    // filled meanwhile at a third till would cover the second free drink before HQ hears of it,
    // and a covered spend is, rightly, no conflict (HQ flags a balance two tills overspent).
    const reserved = new Set<string>();
    const act = async (t: SimTerminal) => {
      const roll = random();
      if (roll < 0.15) {
        // A customer of another store at this counter: scan their card.
        const reply = await call(t.terminal, 'customer.identify', { code: pick(cards) }, t.token);
        if (reply.ok) lookups++;
        return;
      }
      const held = localCustomers(t).filter((id) => !reserved.has(id));
      if (held.length === 0) return;
      const customerId = pick(held);
      const rewards = rewardsOf(t, customerId);
      if (roll < 0.35 && rewards.length > 0) {
        const reply = await call(t.terminal, 'reward.redeem', { customerId, rewardId: rewards[0]!.slice('reward:'.length), visitId: `v${random()}`, idempotencyKey: `r${random()}` }, t.token);
        if (!reply.ok && reply.error.code.startsWith('sync.offline')) offlineRefusals++;
        return;
      }
      await must(t.terminal, 'stamp.add', { customerId, count: 1 + Math.floor(random() * 4), visitId: `v${random()}`, idempotencyKey: `s${random()}` }, t.token);
    };

    const deliberate: { customerId: string }[] = [];
    const doubleEvery = Math.max(1, Math.floor(o.rounds / Math.max(1, o.doubleRedemptions)));
    for (let round = 0; round < o.rounds; round++) {
      for (const t of tills) if (random() < 0.15) t.offline = !t.offline;
      for (const t of tills) {
        for (let k = 0; k < 3; k++) await act(t);
        if (!t.offline) await t.terminal.sync.syncNow();
      }
      if (deliberate.length < o.doubleRedemptions && round % doubleEvery === 0) {
        // Two tills of one store, up to date, then both cut off: each redeems the same single free drink.
        const store = deliberate.length % o.stores;
        const pair = tills.filter((t) => t.store === store).slice(0, 2);
        if (pair.length === 2) {
          const [a, b] = pair as [SimTerminal, SimTerminal];
          a.offline = b.offline = false;
          const card = inStoreCardCode(++serial);
          const c = await must<{ customer: { id: string } }>(a.terminal, 'customer.enroll', { name: `Двойно ${++phones}`, phone: `0887${String(100000 + phones).slice(-6)}`, language: 'bg', cardCode: card }, a.token);
          cards.push(card);
          reserved.add(c.customer.id);
          await must(a.terminal, 'stamp.add', { customerId: c.customer.id, count: 10, visitId: `v${random()}`, idempotencyKey: `s${random()}` }, a.token);
          await a.terminal.sync.syncNow();
          await b.terminal.sync.syncNow();
          a.offline = b.offline = true;
          clock.advance(OFFLINE_AFTER_MS + 1000);
          for (const t of [a, b]) {
            const rewards = rewardsOf(t, c.customer.id);
            if (rewards.length !== 1) throw new Error(`double redemption set-up: till holds ${rewards.length} rewards`);
            await must(t.terminal, 'reward.redeem', { customerId: c.customer.id, rewardId: rewards[0]!.slice('reward:'.length), visitId: `v${random()}`, idempotencyKey: `r${random()}` }, t.token);
          }
          deliberate.push({ customerId: c.customer.id });
        }
      }
      clock.advance(3 * 60_000);
    }

    // Everyone back online; two passes so each till pulls what the others pushed after it.
    for (const t of tills) t.offline = false;
    for (let pass = 0; pass < 2; pass++) for (const t of tills) await t.terminal.sync.syncNow();

    const conflicts = await hq.admin.listConflicts(org.id);
    const conflicted = new Set(conflicts.map((k) => k.customerId));
    const missedConflicts = deliberate.filter((d) => !conflicted.has(d.customerId)).length;
    const everyone = new Set(tills.flatMap(localCustomers));
    let negativeWithoutConflict = 0;
    for (const id of everyone) {
      const b = await hq.admin.customerBalances(org.id, id);
      if (Object.values(b).some((v) => v < 0) && !conflicted.has(id)) negativeWithoutConflict++;
    }

    // A manager resolves every conflict, alternating the two resolutions; then everyone syncs again.
    let n = 0;
    for (const k of await hq.admin.listConflicts(org.id, { open: true })) {
      await hq.admin.resolveConflict({ conflictId: k.id, resolution: n++ % 2 === 0 ? 'write_off' : 'carry_negative', managerName: 'Мария' });
    }
    for (const t of tills) await t.terminal.sync.syncNow();

    const hqBalances = new Map<string, Record<string, number>>();
    for (const id of everyone) {
      const b = await hq.admin.customerBalances(org.id, id);
      hqBalances.set(id, Object.fromEntries(Object.entries(b).filter(([, v]) => v !== 0).sort(([x], [y]) => x.localeCompare(y))));
    }
    const mismatches: string[] = [];
    let verifyProblems = 0;
    let eventsPushed = 0;
    let terminalsWaiting = 0;
    for (const t of tills) {
      const status = t.terminal.sync.status();
      if (status.waiting > 0) terminalsWaiting++;
      eventsPushed += t.terminal.db.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number;
      verifyProblems += verifyBalances(t.terminal.db).length;
      for (const id of localCustomers(t)) {
        const rows = t.terminal.db.prepare('SELECT asset, amount FROM balances WHERE customer_id = ? AND amount <> 0 ORDER BY asset').all(id) as { asset: string; amount: number }[];
        const local = JSON.stringify(Object.fromEntries(rows.map((r) => [r.asset, r.amount])));
        if (local !== JSON.stringify(hqBalances.get(id))) mismatches.push(`${t.id}/${id}: till ${local}, HQ ${JSON.stringify(hqBalances.get(id))}`);
      }
    }
    return {
      eventsPushed,
      eventsAtHq: await hq.admin.eventCount(org.id),
      terminalsWaiting,
      deliberate: deliberate.length,
      conflictsAtHq: conflicts.length,
      missedConflicts,
      negativeWithoutConflict,
      mismatches,
      verifyProblems,
      customers: everyone.size,
      lookups,
      offlineRefusals,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const t of tills) {
      t.terminal.close();
      rmSync(t.dataDir, { recursive: true, force: true });
    }
  }
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Terminal } from '../../electron/app/terminal';
import type { HqClient } from '../../electron/sync/client';
import { verifyBalances } from '../../electron/db/stores/ledger';
import { feedPageSchema } from '../../shared/sync/schemas';
import type { FeedPage } from '../../shared/sync/wire';
import type { StateChange } from '../../shared/loyalty/state';
import { tapKey } from '../support/terminal';
import { standInEnrolledTerminal } from './support';

/**
 * Issue 5, the till's half: a feed ledger item's state changes go into loyalty_state with its
 * entries, in the page's transaction, exactly once, seeded first for a customer with no stored state.
 * HQ is a stand-in here that serves the pages a test gives it, through the real sync worker.
 */
const otherTill = '01a2027b-0000-7000-8000-0000000000bb';
let n = 0;
const uuid = () => `01a2027b-0000-7000-8000-${String(++n).padStart(12, '0')}`;

interface Till {
  terminal: Terminal;
  token: string;
  /** Pages the stand-in HQ serves next, one per feed request. */
  pages: FeedPage[];
  sync(): Promise<void>;
}

let till: Till;
let closeTill: () => void;
beforeEach(() => {
  const pages: FeedPage[] = [];
  const client: HqClient = {
    enrol: () => Promise.resolve({ ok: false, error: { code: 'sync.unavailable' } }),
    push: (_c, r) => Promise.resolve({ ok: true, value: { ackSeq: r.events.at(-1)!.seq, stored: r.events.length, conflicts: 0 } }),
    feed: (_c, cursor) => {
      const next = pages.shift() ?? { items: [], next: cursor, more: false };
      // As the real client does: an answer that does not parse is refused whole.
      const parsed = feedPageSchema.safeParse(next);
      return Promise.resolve(parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: { code: 'sync.batch_invalid' } });
    },
    customerByCode: () => Promise.resolve({ ok: false, error: { code: 'sync.not_found' } }),
    customerById: () => Promise.resolve({ ok: false, error: { code: 'sync.not_found' } }),
    allowance: () => Promise.resolve({ ok: false, error: { code: 'sync.not_found' } }),
  };
  const { terminal, close } = standInEnrolledTerminal(client);
  closeTill = close;
  const answer = <T>(r: unknown): T => {
    const reply = r as { ok: boolean; value?: T; error?: unknown };
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    return reply.value!;
  };
  const staff = answer<{ id: string; role: string }[]>(terminal.dispatch('staff.list', {}, null)).find((s) => s.role === 'cashier')!;
  const token = answer<{ token: string }>(terminal.dispatch('staff.login', { staffId: staff.id, pin: '1111' }, null)).token;
  till = {
    terminal,
    token,
    pages,
    async sync() {
      await terminal.sync.syncNow();
    },
  };
});
afterEach(() => closeTill());

function dispatch<T>(name: string, input: unknown): T {
  const reply = till.terminal.dispatch(name, input, till.token) as { ok: boolean; value?: T; error?: unknown };
  if (!reply.ok) throw new Error(`${name}: ${JSON.stringify(reply.error)}`);
  return reply.value!;
}

const enrol = (phone: string, birthday?: string) =>
  dispatch<{ customer: { id: string } }>('customer.enroll', { name: 'Ана', phone, language: 'bg', ...(birthday ? { birthday } : {}) }).customer.id;

/** One operation made at another till: a stamp (and its changes), as HQ's feed carries it. */
function foreignOperation(customerId: string, changes: StateChange[] | undefined, entries: { asset: string; delta: number; rule?: string }[] = [{ asset: 'stamps:coffee', delta: 1 }]): FeedPage {
  const operationId = uuid();
  const cursor = String(n);
  return {
    items: [
      {
        cursor,
        kind: 'ledger',
        originTerminalId: otherTill,
        operationId,
        customerId,
        command: 'stamp.add',
        entries: entries.map((e) => ({
          id: uuid(),
          customerId,
          asset: e.asset,
          delta: e.delta,
          kind: 'earn',
          rule: e.rule ?? 'stamp-card:coffee',
          explanation: { key: 'ledger.stamp.earned', params: { count: e.delta } },
          operationId,
          visitId: null,
          staffId: 'someone',
          terminalId: otherTill,
          terminalSeq: n,
          programVersion: 1,
          reason: null,
          createdAt: 1795338000000 + n,
        })),
        ...(changes ? { changes } : {}),
      },
    ],
    next: cursor,
    more: false,
  };
}

function stateOf(customerId: string) {
  const row = till.terminal.db.prepare('SELECT marks, visits, counters FROM loyalty_state WHERE customer_id = ?').get(customerId) as
    | { marks: string; visits: string; counters: string }
    | undefined;
  return row ? { marks: JSON.parse(row.marks) as Record<string, string>, visits: JSON.parse(row.visits) as { id: string }[], counters: JSON.parse(row.counters) as Record<string, number> } : null;
}

const visitAt = (id: string): StateChange[] => [
  { type: 'visit.add', visit: { id, day: 20779, spend: 0 } },
  { type: 'counter.add', name: 'visits', delta: 1 },
];

describe('applying another store’s loyalty state changes at the till (issue 5)', () => {
  it('applies a page read twice only once: the visit and the counter count once', async () => {
    const customerId = enrol('0888 700 001');
    const page = foreignOperation(customerId, visitAt('v-elsewhere'));
    till.pages.push(page, { ...page, items: page.items.map((i) => ({ ...i })) });
    await till.sync();
    await till.sync();
    expect(stateOf(customerId)).toMatchObject({ visits: [{ id: 'v-elsewhere' }], counters: { visits: 1 } });
    const recorded = till.terminal.db.prepare('SELECT changes FROM loyalty_operations WHERE operation_id = ?').all((page.items[0] as { operationId: string }).operationId);
    expect(recorded).toEqual([{ changes: JSON.stringify(visitAt('v-elsewhere')) }]);
  });

  it('seeds the state of a customer who has none from the ledger before the operation, so nothing counts twice', async () => {
    const customerId = enrol('0888 700 002');
    const here = tapKey();
    dispatch('stamp.add', { customerId, count: 1, visitId: here, idempotencyKey: tapKey() });
    // As for a customer from before migration 011: no stored state, only the ledger.
    till.terminal.db.prepare('DELETE FROM loyalty_state WHERE customer_id = ?').run(customerId);
    till.pages.push(foreignOperation(customerId, visitAt('v-elsewhere')));
    await till.sync();
    const state = stateOf(customerId)!;
    expect(state.visits.map((v) => v.id).sort()).toEqual([here, 'v-elsewhere'].sort());
    expect(state.counters['visits']).toBe(2);
  });

  it('keeps both birthday drinks when both stores gave one offline the same day, and the year’s mark', async () => {
    const customerId = enrol('0888 700 003', '1988-11-24');
    dispatch('stamp.add', { customerId, count: 1, visitId: tapKey(), idempotencyKey: tapKey() });
    expect(stateOf(customerId)!.marks).toEqual({ birthday: '2026' });
    const theirs = foreignOperation(customerId, [{ type: 'mark.set', key: 'birthday', from: null, to: '2026' }], [{ asset: 'reward:free-drink', delta: 1, rule: 'occasion:birthday' }]);
    till.pages.push(theirs);
    await till.sync();
    const gifts = till.terminal.db.prepare("SELECT terminal_id FROM ledger WHERE customer_id = ? AND rule = 'occasion:birthday' ORDER BY rowid").all(customerId);
    expect(gifts).toHaveLength(2);
    expect(till.terminal.db.prepare("SELECT amount FROM balances WHERE customer_id = ? AND asset = 'reward:free-drink'").get(customerId)).toEqual({ amount: 2 });
    expect(stateOf(customerId)!.marks).toEqual({ birthday: '2026' });
    // Nothing of the mark moved here, so undoing their gift here later leaves this store's gift marked.
    expect(till.terminal.db.prepare('SELECT changes FROM loyalty_operations WHERE operation_id = ?').get((theirs.items[0] as { operationId: string }).operationId)).toEqual({ changes: '[]' });
    expect(verifyBalances(till.terminal.db)).toEqual([]);
  });

  it('refuses a feed page whose state changes are malformed, and applies nothing of it', async () => {
    const customerId = enrol('0888 700 004');
    const bad = foreignOperation(customerId, [{ type: 'mark.set', key: 'birthday', to: '2026' } as unknown as StateChange]);
    expect(feedPageSchema.safeParse(bad).success).toBe(false);
    till.pages.push(bad);
    await till.sync();
    expect(till.terminal.sync.status().lastError).toBe('sync.batch_invalid');
    expect(till.terminal.db.prepare('SELECT COUNT(*) AS n FROM ledger WHERE customer_id = ?').get(customerId)).toEqual({ n: 0 });
    expect(stateOf(customerId)?.marks ?? {}).toEqual({});
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../shared/sync/wire';
import { MAX_STATE_CHANGES } from '../../shared/sync/state-changes';
import { backends, chain, FakeTerminal, newId, openHq, type TestHq } from './support';

/**
 * Issue 5: a ledger operation's loyalty state changes ride in its `ledger.recorded` event (optional
 * `changes` and `others`), are checked like the rest of the payload, and reach the other stores that
 * know the customer through their feed, both as new operations and in a customer's history.
 */
type LedgerItem = Extract<FeedItem, { kind: 'ledger' }>;

const visit = { id: 'visit-1', day: 20779, spend: 450 };
const changes = [
  { type: 'visit.add', visit },
  { type: 'counter.add', name: 'visits', delta: 1 },
  { type: 'mark.set', key: 'birthday', from: null, to: '2026' },
  { type: 'tier.set', from: { tierId: null, reviewDay: null, graceUntilDay: null, vip: null }, to: { tierId: 'gold', reviewDay: 20809, graceUntilDay: null, vip: null } },
  { type: 'referral.set', from: { referrerId: 'r-1', status: 'pending' }, to: { referrerId: 'r-1', status: 'rewarded' } },
];

describe.each(backends)('loyalty state changes through HQ on $name', (backend) => {
  let hq: TestHq;
  beforeAll(async () => {
    hq = await openHq(backend);
  }, 180_000);
  afterAll(async () => hq?.destroy(), 180_000);

  /** A customer of store 1 whom store 2 knows too (it looked the card up). */
  async function sharedCustomer() {
    const { organisationId, storeIds } = await chain(hq, 2);
    const home = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const other = await FakeTerminal.enrolled(hq, storeIds[1]!);
    const customer = newId();
    const code = `LS-${customer.slice(-8)}`;
    expect((await home.push([home.enrolCustomer(customer), home.linkCard(customer, code)])).status).toBe(200);
    return { organisationId, home, other, customer, code };
  }

  const withChanges = (t: FakeTerminal, customer: string, extra: Record<string, unknown>) => {
    const e = t.ledger(customer, 'sale.complete', [['points', 45]]);
    return { ...e, payload: { ...e.payload, ...extra } };
  };

  it('carries an operation’s state changes to the other stores that know the customer, new and in its history', async () => {
    const { home, other, customer, code } = await sharedCustomer();
    const referrer = newId();
    const others = [{ customerId: referrer, entries: [{ id: newId(), asset: 'points', delta: 100, kind: 'earn', rule: 'referral:referrer', explanation: { key: 'x', params: {} } }], reverseEntryIds: [] }];
    // Before the other store knows her: the operation is part of her history when it looks her up.
    const before = withChanges(home, customer, { changes, others });
    expect((await home.push([before])).body).toMatchObject({ stored: 1 });
    expect((await other.request('GET', `/v1/customers/by-code/${code}`)).status).toBe(200);
    const later = withChanges(home, customer, { changes: [{ type: 'counter.add', name: 'visits', delta: 1 }] });
    expect((await home.push([later])).body).toMatchObject({ stored: 1 });

    const ledger = (await other.drainFeed()).items.filter((i): i is LedgerItem => i.kind === 'ledger');
    expect(ledger.map((l) => l.operationId)).toEqual([before.payload['operationId'], later.payload['operationId']]);
    expect(ledger[0]).toMatchObject({ changes, others });
    expect(ledger[1]!.changes).toEqual([{ type: 'counter.add', name: 'visits', delta: 1 }]);
    expect(ledger[1]).not.toHaveProperty('others');
  });

  it('stores an operation that changed only the state (no entries) and sends it on, new and in a customer’s history', async () => {
    const { organisationId, home, other, customer, code } = await sharedCustomer();
    const visitOnly = (t: FakeTerminal, visitId: string) => withChanges(t, customer, { entries: [], changes: [{ type: 'visit.add', visit: { ...visit, id: visitId } }, { type: 'counter.add', name: 'visits', delta: 1 }] });
    const first = visitOnly(home, 'visit-a');
    expect((await home.push([first])).body).toMatchObject({ stored: 1, conflicts: 0 });
    // Her history, as the other store looks her up: the operation is in it although it has no entry.
    expect((await other.request('GET', `/v1/customers/by-code/${code}`)).status).toBe(200);
    const second = visitOnly(home, 'visit-b');
    expect((await home.push([second])).body).toMatchObject({ stored: 1, conflicts: 0 });
    const ledger = (await other.drainFeed()).items.filter((i): i is LedgerItem => i.kind === 'ledger');
    expect(ledger.map((l) => [l.operationId, l.entries, l.changes?.[0]])).toEqual([
      [first.payload['operationId'], [], { type: 'visit.add', visit: { ...visit, id: 'visit-a' } }],
      [second.payload['operationId'], [], { type: 'visit.add', visit: { ...visit, id: 'visit-b' } }],
    ]);
    expect(await hq.admin.customerBalances(organisationId, customer)).toEqual({});
  });

  it('still stores an operation without state changes, and sends it on without them', async () => {
    const { organisationId, home, other, customer, code } = await sharedCustomer();
    await other.request('GET', `/v1/customers/by-code/${code}`);
    const old = home.ledger(customer, 'stamp.add', [['stamps:coffee', 1]]);
    expect((await home.push([old])).body).toEqual({ ackSeq: old.seq, stored: 1, conflicts: 0 });
    expect(await hq.admin.customerBalances(organisationId, customer)).toMatchObject({ 'stamps:coffee': 1 });
    const [item] = (await other.drainFeed()).items.filter((i): i is LedgerItem => i.kind === 'ledger');
    expect(item!.operationId).toBe(old.payload['operationId']);
    expect(item).not.toHaveProperty('changes');
    expect(item).not.toHaveProperty('others');
  });

  it.each([
    ['an unknown change type', [{ type: 'tier.erase' }], 'payload.changes.0.type'],
    ['a mark without what it replaced', [{ type: 'mark.set', key: 'birthday', to: '2026' }], 'payload.changes.0.from'],
    ['a counter moved by a fraction', [{ type: 'counter.add', name: 'visits', delta: 0.5 }], 'payload.changes.0.delta'],
    ['a visit without its day', [{ type: 'visit.add', visit: { id: 'visit-1', spend: 0 } }], 'payload.changes.0.visit.day'],
    ['a tier that is not one', [{ type: 'tier.set', from: null, to: 'gold' }], 'payload.changes.0.from'],
    ['changes that are not a list', { birthday: '2026' }, 'payload.changes'],
    ['more changes than any operation makes', Array.from({ length: MAX_STATE_CHANGES + 1 }, () => ({ type: 'counter.add', name: 'visits', delta: 1 })), 'payload.changes'],
  ])('refuses a batch whose operation carries %s, clearly, and stores nothing of it', async (_what, bad, field) => {
    const { organisationId, home, other, customer, code } = await sharedCustomer();
    await other.request('GET', `/v1/customers/by-code/${code}`);
    const seen = (await other.drainFeed()).next;
    const count = await hq.admin.eventCount(organisationId);
    const good = home.ledger(customer, 'stamp.add', [['stamps:coffee', 1]]);
    const malformed = withChanges(home, customer, { changes: bad });
    const reply = await home.push([good, malformed]);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ ok: false, error: { code: 'sync.batch_invalid', params: { seq: malformed.seq, field: expect.stringMatching(new RegExp(`^${field.replace(/\./g, '\\.')}`)) } } });
    expect(await hq.admin.eventCount(organisationId)).toBe(count);
    expect(await hq.admin.customerBalances(organisationId, customer)).toEqual({});
    expect((await other.drainFeed(seen)).items).toEqual([]);
  });

  it('refuses effects on other customers that are not well formed', async () => {
    const { organisationId, home, customer } = await sharedCustomer();
    const count = await hq.admin.eventCount(organisationId);
    const reply = await home.push([withChanges(home, customer, { changes, others: [{ customerId: 'not-a-uuid', entries: [], reverseEntryIds: [] }] })]);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'sync.batch_invalid', params: { field: 'payload.others.0.customerId' } });
    expect(await hq.admin.eventCount(organisationId)).toBe(count);
  });
});

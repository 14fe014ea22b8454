import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerSnapshot, FeedItem } from '../../shared/sync/wire';
import { backends, chain, FakeTerminal, newId, openHq, programDocument, type TestHq } from './support';

describe.each(backends)('HQ change feed on $name', (backend) => {
  let hq: TestHq;
  beforeAll(async () => {
    hq = await openHq(backend);
  }, 180_000);
  afterAll(async () => hq?.destroy(), 180_000);

  it('pages by cursor: every item once, in order, `more` until the end, and nothing new after it', async () => {
    const { storeIds } = await chain(hq, 1);
    const writer = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const reader = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const customers = Array.from({ length: 25 }, () => newId());
    await writer.push(customers.map((c) => writer.enrolCustomer(c)));

    const seen: string[] = [];
    let cursor = '0';
    let pages = 0;
    for (;;) {
      const page = await reader.feed(cursor, 10);
      expect(page.status).toBe(200);
      pages++;
      for (const item of page.body.items) seen.push((item as Extract<FeedItem, { kind: 'customer' }>).customer.id);
      const cursors = page.body.items.map((i) => BigInt(i.cursor));
      expect(cursors).toEqual([...cursors].sort((a, b) => (a < b ? -1 : 1)));
      cursor = page.body.next;
      if (!page.body.more) break;
    }
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...customers].sort());
    const after = await reader.feed(cursor, 10);
    expect(after.body).toEqual({ items: [], next: cursor, more: false });
    // The writer's own changes are not echoed back to it.
    expect((await writer.drainFeed()).items).toEqual([]);
  });

  it('refuses a malformed cursor', async () => {
    const { storeIds } = await chain(hq, 1);
    const t = await FakeTerminal.enrolled(hq, storeIds[0]!);
    expect((await t.request('GET', '/v1/feed?cursor=abc')).status).toBe(400);
  });

  it('carries program versions to every store of the organisation', async () => {
    const { organisationId, storeIds } = await chain(hq, 2);
    const t = await FakeTerminal.enrolled(hq, storeIds[1]!);
    expect(await hq.admin.publishProgram({ organisationId, document: programDocument('Кафе') })).toEqual({ version: 1 });
    expect(await hq.admin.publishProgram({ organisationId, document: programDocument('Кафе 2') })).toEqual({ version: 2 });
    await expect(hq.admin.publishProgram({ organisationId, document: { name: 'broken' } })).rejects.toMatchObject({ code: 'admin.program_invalid' });
    const { items } = await t.drainFeed();
    expect(items.map((i) => (i.kind === 'program' ? [i.version, (i.document as { name: string }).name] : i.kind))).toEqual([
      [1, 'Кафе'],
      [2, 'Кафе 2'],
    ]);
  });

  it('looks a referrer up by id for a store that owes them a gift, within the organisation only', async () => {
    const { storeIds } = await chain(hq, 2);
    const home = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const there = await FakeTerminal.enrolled(hq, storeIds[1]!);
    const referrer = newId();
    await home.push([home.enrolCustomer(referrer, 'Мария Препоръчваща'), home.ledger(referrer, 'stamp.add', [['stamps:coffee', 2]])]);
    const lookup = await there.request('GET', `/v1/customers/by-id/${referrer}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ id: referrer, name: 'Мария Препоръчваща', homeStoreId: storeIds[0], balances: { 'stamps:coffee': 2 } });
    // The store knows her from now on: her history comes through its feed.
    const ledger = (await there.drainFeed()).items.filter((i): i is Extract<FeedItem, { kind: 'ledger' }> => i.kind === 'ledger');
    expect(ledger.map((l) => l.customerId)).toEqual([referrer]);

    expect((await there.request('GET', `/v1/customers/by-id/${newId()}`)).status).toBe(404);
    expect((await there.request('GET', '/v1/customers/by-id/not-a-uuid')).status).toBe(404);
    const { storeIds: otherChain } = await chain(hq, 1);
    const outsider = await FakeTerminal.enrolled(hq, otherChain[0]!);
    expect((await outsider.request('GET', `/v1/customers/by-id/${referrer}`)).status).toBe(404);
  });

  it("sends a store the ledger of its customers made at other stores, and nothing of customers it does not know", async () => {
    const { storeIds } = await chain(hq, 2);
    const sofia = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const plovdiv = await FakeTerminal.enrolled(hq, storeIds[1]!);
    const regular = newId();
    const stranger = newId();
    await plovdiv.push([plovdiv.enrolCustomer(regular, 'Пловдив Редовен'), plovdiv.linkCard(regular, 'PL-1')]);
    await sofia.push([sofia.enrolCustomer(stranger, 'Само София')]);
    // Sofia's terminal scans the Plovdiv customer's card: a snapshot comes back, with HQ's balances.
    const history = plovdiv.ledger(regular, 'stamp.add', [['stamps:coffee', 4]]);
    await plovdiv.push([history]);
    const lookup = await sofia.request('GET', '/v1/customers/by-code/PL-1');
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ id: regular, name: 'Пловдив Редовен', homeStoreId: storeIds[1], cards: [{ code: 'PL-1', blocked: false }], balances: { 'stamps:coffee': 4 } });
    expect((await sofia.request('GET', '/v1/customers/by-code/NOPE')).status).toBe(404);

    // From now on Sofia knows the customer: the history and later operations come through its feed.
    await plovdiv.push([plovdiv.ledger(regular, 'stamp.add', [['stamps:coffee', 1]])]);
    const { items } = await sofia.drainFeed();
    const ledger = items.filter((i): i is Extract<FeedItem, { kind: 'ledger' }> => i.kind === 'ledger');
    expect(ledger.map((l) => [l.customerId, l.originTerminalId, (l.entries as { delta: number }[])[0]!.delta])).toEqual([
      [regular, plovdiv.id, 4],
      [regular, plovdiv.id, 1],
    ]);
    // The history comes with its entries exactly as the till recorded them (HQ keeps them once, in the event).
    expect(ledger[0]!.entries).toEqual(history.payload['entries']);
    // A ledger item pushed now carries its event's HLC, for the reading till's clock.
    expect(ledger[1]!.hlc).toMatch(/^\d{15}-\d{5}-t$/);
    const snapshots = items.filter((i): i is Extract<FeedItem, { kind: 'customer' }> => i.kind === 'customer').map((i) => i.customer as CustomerSnapshot);
    expect(snapshots.map((s) => s.id)).toEqual([regular]);

    // Plovdiv never hears of Sofia's own customer, nor of ledger entries for it.
    await sofia.push([sofia.ledger(stranger, 'stamp.add', [['stamps:coffee', 1]])]);
    const plovdivSees = await plovdiv.drainFeed();
    expect(JSON.stringify(plovdivSees.items)).not.toContain(stranger);
    // But it does see what Sofia did for the customer both stores know.
    await sofia.push([sofia.ledger(regular, 'stamp.add', [['stamps:coffee', 2]])]);
    const later = await plovdiv.drainFeed(plovdivSees.next);
    expect(later.items).toMatchObject([{ kind: 'ledger', customerId: regular, originTerminalId: sofia.id }]);
  });

  it('sends a batch to each store as the operations of its own customers, one by one, across pages that split the batch', async () => {
    const { storeIds } = await chain(hq, 2);
    const writer = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const neighbour = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const elsewhere = await FakeTerminal.enrolled(hq, storeIds[1]!);
    const [shared, local] = [newId(), newId()];
    await writer.push([writer.enrolCustomer(shared), writer.enrolCustomer(local), writer.linkCard(shared, 'SH-1')]);
    expect((await elsewhere.request('GET', '/v1/customers/by-code/SH-1')).status).toBe(200);
    const neighbourFrom = (await neighbour.drainFeed()).next;
    const elsewhereFrom = (await elsewhere.drainFeed()).next;
    const writerFrom = (await writer.drainFeed()).next;

    // One batch of 23 operations: every third for the customer both stores know.
    const batch = Array.from({ length: 23 }, (_, i) => writer.ledger(i % 3 === 0 ? shared : local, 'stamp.add', [['stamps:coffee', 1]]));
    expect((await writer.push(batch)).status).toBe(200);
    const operationsOf = (customers: string[]) => batch.filter((e) => customers.includes(e.payload['customerId'] as string)).map((e) => e.payload['operationId']);

    const read = async (t: FakeTerminal, from: string, pageSize: number) => {
      const seen: unknown[] = [];
      const cursors: bigint[] = [];
      let cursor = from;
      for (;;) {
        const page = await t.feed(cursor, pageSize);
        for (const item of page.body.items) {
          if (item.kind === 'ledger') seen.push(item.operationId);
          cursors.push(BigInt(item.cursor));
        }
        cursor = page.body.next;
        if (!page.body.more) return { seen, cursors, next: cursor };
      }
    };
    // The till beside the writer gets all 23 in the order they were made, 5 a page, each page
    // starting where the last one stopped inside the batch.
    const near = await read(neighbour, neighbourFrom, 5);
    expect(near.seen).toEqual(operationsOf([shared, local]));
    expect(near.cursors).toEqual([...new Set(near.cursors)].sort((a, b) => (a < b ? -1 : 1)));
    // The other store only those of the customer it knows.
    const far = await read(elsewhere, elsewhereFrom, 3);
    expect(far.seen).toEqual(operationsOf([shared]));
    // The writer is not sent its own batch back, and one page moves it past the whole batch.
    const own = await writer.feed(writerFrom, 5);
    expect(own.body).toMatchObject({ items: [], more: false });
    expect(await writer.feed(own.body.next, 5)).toMatchObject({ body: { items: [], next: own.body.next } });
    expect(BigInt(own.body.next)).toBeGreaterThan(BigInt(writerFrom));
    // Nothing more after the end of the batch, for either reader.
    expect((await neighbour.feed(near.next, 5)).body).toEqual({ items: [], next: near.next, more: false });
    expect((await elsewhere.feed(far.next, 3)).body).toEqual({ items: [], next: far.next, more: false });
  });

  it('tells the stores that know a customer when one of its cards is blocked', async () => {
    const { organisationId, storeIds } = await chain(hq, 2);
    const home = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const colleague = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const elsewhere = await FakeTerminal.enrolled(hq, storeIds[1]!);
    const customer = newId();
    await home.push([home.enrolCustomer(customer), home.linkCard(customer, 'LOST-1')]);
    const before = (await colleague.drainFeed()).next;
    await hq.admin.blockCard({ organisationId, code: 'LOST-1', reason: 'lost' });
    expect((await colleague.drainFeed(before)).items).toMatchObject([{ kind: 'card.blocked', code: 'LOST-1', reason: 'lost' }]);
    expect((await elsewhere.drainFeed()).items).toEqual([]);
    const lookup = await elsewhere.request('GET', '/v1/customers/by-code/LOST-1');
    expect(lookup.body).toMatchObject({ cards: [{ code: 'LOST-1', blocked: true }] });
  });

  it('never lets a reader skip an operation that commits late, while many terminals push at once', { timeout: 120_000 }, async () => {
    const { storeIds } = await chain(hq, 2);
    const writers = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => FakeTerminal.enrolled(hq, storeIds[i % 2]!)));
    const reader = await FakeTerminal.enrolled(hq, storeIds[0]!);
    // Every writer enrols its customers first; the reading store knows them all (home or lookup).
    const customers = new Map<FakeTerminal, string[]>();
    for (const w of writers) {
      const own = [newId(), newId()];
      customers.set(w, own);
      await w.push([w.enrolCustomer(own[0]), w.enrolCustomer(own[1]), w.linkCard(own[0]!, `C-${own[0]}`), w.linkCard(own[1]!, `C-${own[1]}`)]);
      for (const c of own) expect((await reader.request('GET', `/v1/customers/by-code/C-${c}`)).status).toBe(200);
    }
    let cursor = (await reader.drainFeed()).next;
    const seen = new Map<string, number>();
    let pushing = true;
    const read = (async () => {
      while (pushing) {
        const page = await reader.feed(cursor, 7);
        for (const item of page.body.items) if (item.kind === 'ledger') seen.set(item.operationId, (seen.get(item.operationId) ?? 0) + 1);
        cursor = page.body.next;
      }
    })();
    const operations: string[] = [];
    await Promise.all(
      writers.map(async (w) => {
        for (let round = 0; round < 8; round++) {
          const batch = customers.get(w)!.map((c) => w.ledger(c, 'stamp.add', [['stamps:coffee', 1]]));
          operations.push(...batch.map((e) => e.payload['operationId'] as string));
          expect((await w.push(batch)).status).toBe(200);
        }
      }),
    );
    pushing = false;
    await read;
    const rest = await reader.drainFeed(cursor);
    for (const item of rest.items) if (item.kind === 'ledger') seen.set(item.operationId, (seen.get(item.operationId) ?? 0) + 1);
    expect(operations).toHaveLength(96);
    expect([...seen.keys()].sort()).toEqual([...operations].sort());
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('never lets a reader skip an organisation-wide item or a store item while both are written at once', { timeout: 120_000 }, async () => {
    const { organisationId, storeIds } = await chain(hq, 3);
    const writers = await Promise.all([0, 1, 2].map((i) => FakeTerminal.enrolled(hq, storeIds[i]!)));
    const reader = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const customers = new Map<FakeTerminal, string>();
    for (const w of writers) {
      const c = newId();
      customers.set(w, c);
      await w.push([w.enrolCustomer(c), w.linkCard(c, `M-${c}`)]);
      expect((await reader.request('GET', `/v1/customers/by-code/M-${c}`)).status).toBe(200);
    }
    let cursor = (await reader.drainFeed()).next;
    const seen: string[] = [];
    const note = (items: FeedItem[]) => {
      for (const i of items) {
        if (i.kind === 'ledger') seen.push(i.operationId);
        if (i.kind === 'staff') seen.push(i.staff.name);
        if (i.kind === 'program') seen.push(`program ${i.version}`);
      }
    };
    let writing = true;
    const read = (async () => {
      while (writing) {
        const page = await reader.feed(cursor, 5);
        note(page.body.items);
        cursor = page.body.next;
      }
    })();
    const expected: string[] = [];
    await Promise.all([
      ...writers.map(async (w) => {
        for (let round = 0; round < 6; round++) {
          const e = w.ledger(customers.get(w)!, 'stamp.add', [['stamps:coffee', 1]]);
          expected.push(e.payload['operationId'] as string);
          expect((await w.push([e])).status).toBe(200);
        }
      }),
      (async () => {
        for (let i = 0; i < 4; i++) {
          const { version } = await hq.admin.publishProgram({ organisationId, document: programDocument(`Версия ${i}`) });
          expected.push(`program ${version}`);
          await hq.admin.saveStaff({ organisationId, name: `Служител ${i}`, role: 'cashier', pin: '4321' });
          expected.push(`Служител ${i}`);
        }
      })(),
    ]);
    writing = false;
    await read;
    note((await reader.drainFeed(cursor)).items);
    expect([...seen].sort()).toEqual([...expected].sort());
  });
});

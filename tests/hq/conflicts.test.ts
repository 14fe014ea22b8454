import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../shared/sync/wire';
import { backends, chain, FakeTerminal, newId, openHq, type TestHq } from './support';

/**
 * Two tills in two stores, both offline, hand out the same free drink to the same customer. When
 * both sync, HQ keeps both redemptions, records the double spend, and a manager decides.
 */
describe.each(backends)('HQ conflicts on $name', (backend) => {
  let hq: TestHq;
  beforeAll(async () => {
    hq = await openHq(backend);
  }, 180_000);
  afterAll(async () => hq?.destroy(), 180_000);

  async function doubleSpend() {
    const { organisationId, storeIds } = await chain(hq, 2);
    const sofia = await FakeTerminal.enrolled(hq, storeIds[0]!, 'Sofia till');
    const plovdiv = await FakeTerminal.enrolled(hq, storeIds[1]!, 'Plovdiv till');
    const customer = newId();
    // Enrolled in Sofia with one free drink in the wallet; Plovdiv learns of the customer by card.
    await sofia.push([sofia.enrolCustomer(customer), sofia.linkCard(customer, 'LT-777'), sofia.ledger(customer, 'stamp.convert', [['reward:free-drink', 1]])]);
    expect((await plovdiv.request('GET', '/v1/customers/by-code/LT-777')).status).toBe(200);
    // Both redeem it offline; Sofia syncs first.
    const fromSofia = sofia.ledger(customer, 'reward.redeem', [['reward:free-drink', -1]]);
    const fromPlovdiv = plovdiv.ledger(customer, 'reward.redeem', [['reward:free-drink', -1]]);
    expect((await sofia.push([fromSofia])).body.conflicts).toBe(0);
    const second = await plovdiv.push([fromPlovdiv]);
    return { organisationId, sofia, plovdiv, customer, second, fromSofia, fromPlovdiv };
  }

  it('keeps both redemptions and records the double spend with both operations and the shortfall', async () => {
    const { organisationId, customer, second, sofia, plovdiv, fromSofia, fromPlovdiv } = await doubleSpend();
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ stored: 1, conflicts: 1 });
    expect(await hq.admin.eventCount(organisationId)).toBe(5);
    expect(await hq.admin.customerBalances(organisationId, customer)).toEqual({ 'reward:free-drink': -1 });
    const [conflict, ...rest] = await hq.admin.listConflicts(organisationId, { open: true });
    expect(rest).toEqual([]);
    expect(conflict).toMatchObject({
      kind: 'double_spend',
      customerId: customer,
      customerName: 'Мария Иванова',
      asset: 'reward:free-drink',
      operationId: fromPlovdiv.payload['operationId'],
      terminalId: plovdiv.id,
      otherOperationId: fromSofia.payload['operationId'],
      otherTerminalId: sofia.id,
      shortfall: 1,
      resolvedAt: null,
      balance: -1,
    });
  });

  it('write-off: an HQ adjust entry brings the balance back to zero, and both stores hear of it', async () => {
    const { organisationId, customer, sofia, plovdiv } = await doubleSpend();
    const sofiaCursor = (await sofia.drainFeed()).next;
    const plovdivCursor = (await plovdiv.drainFeed()).next;
    const [conflict] = await hq.admin.listConflicts(organisationId, { open: true });
    await hq.admin.resolveConflict({ conflictId: conflict!.id, resolution: 'write_off', managerName: 'Мария Петрова' });

    expect(await hq.admin.customerBalances(organisationId, customer)).toEqual({ 'reward:free-drink': 0 });
    expect(await hq.admin.listConflicts(organisationId, { open: true })).toEqual([]);
    const [resolved] = await hq.admin.listConflicts(organisationId);
    expect(resolved).toMatchObject({ resolution: 'write_off', managerName: 'Мария Петрова', balance: 0 });
    for (const [till, cursor] of [[sofia, sofiaCursor], [plovdiv, plovdivCursor]] as const) {
      const { items } = await till.drainFeed(cursor);
      const ledger = items.find((i): i is Extract<FeedItem, { kind: 'ledger' }> => i.kind === 'ledger');
      expect(ledger).toMatchObject({ originTerminalId: '00000000-0000-7000-8000-000000000000', customerId: customer, command: 'conflict.write_off' });
      expect(ledger!.entries).toMatchObject([{ kind: 'adjust', asset: 'reward:free-drink', delta: 1, id: resolved!.adjustEntryId }]);
      expect(items.find((i) => i.kind === 'conflict.resolved')).toMatchObject({ conflictId: conflict!.id, customerId: customer, resolution: 'write_off' });
    }
    // Deciding twice is refused and changes nothing.
    await expect(hq.admin.resolveConflict({ conflictId: conflict!.id, resolution: 'write_off', managerName: 'X' })).rejects.toMatchObject({ code: 'admin.invalid' });
    expect(await hq.admin.customerBalances(organisationId, customer)).toEqual({ 'reward:free-drink': 0 });
  });

  it('carry negative: the balance stays below zero until later earnings repay it', async () => {
    const { organisationId, customer, sofia } = await doubleSpend();
    const [conflict] = await hq.admin.listConflicts(organisationId, { open: true });
    await hq.admin.resolveConflict({ conflictId: conflict!.id, resolution: 'carry_negative', managerName: 'Мария Петрова' });
    expect(await hq.admin.customerBalances(organisationId, customer)).toEqual({ 'reward:free-drink': -1 });
    const { items } = await sofia.drainFeed();
    expect(items.filter((i) => i.kind === 'conflict.resolved')).toMatchObject([{ resolution: 'carry_negative' }]);
    expect(items.filter((i) => i.kind === 'ledger' && i.command === 'conflict.write_off')).toEqual([]);
    // A card filled later repays it; an earning is never a new conflict.
    const earn = await sofia.push([sofia.ledger(customer, 'stamp.convert', [['reward:free-drink', 1]])]);
    expect(earn.body.conflicts).toBe(0);
    expect(await hq.admin.customerBalances(organisationId, customer)).toEqual({ 'reward:free-drink': 0 });
  });

  it('a spend within the balance is no conflict, even split across terminals', async () => {
    const { organisationId, storeIds } = await chain(hq, 1);
    const a = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const b = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const customer = newId();
    await a.push([a.enrolCustomer(customer), a.ledger(customer, 'points.earn', [['points', 100]])]);
    expect((await a.push([a.ledger(customer, 'points.redeem', [['points', -60]])])).body.conflicts).toBe(0);
    expect((await b.push([b.ledger(customer, 'points.redeem', [['points', -40]])])).body.conflicts).toBe(0);
    expect((await b.push([b.ledger(customer, 'points.redeem', [['points', -30]])])).body.conflicts).toBe(1);
    const [conflict] = await hq.admin.listConflicts(organisationId);
    expect(conflict).toMatchObject({ asset: 'points', shortfall: 30, balance: -30 });
  });

  it('finds a double spend that the same offline till earned back before it reconnected', async () => {
    const { organisationId, storeIds } = await chain(hq, 1);
    const a = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const b = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const customer = newId();
    await a.push([a.enrolCustomer(customer), a.ledger(customer, 'stamp.convert', [['reward:free-drink', 1]])]);
    expect((await a.push([a.ledger(customer, 'reward.redeem', [['reward:free-drink', -1]])])).body.conflicts).toBe(0);
    // Till b redeemed the same drink offline, then filled another card: its batch nets to zero.
    const spent = b.ledger(customer, 'reward.redeem', [['reward:free-drink', -1]]);
    const second = await b.push([spent, b.ledger(customer, 'stamp.convert', [['reward:free-drink', 1]])]);
    expect(second.body.conflicts).toBe(1);
    expect(await hq.admin.customerBalances(organisationId, customer)).toEqual({ 'reward:free-drink': 0 });
    const [conflict] = await hq.admin.listConflicts(organisationId);
    expect(conflict).toMatchObject({ customerId: customer, asset: 'reward:free-drink', operationId: spent.payload['operationId'], shortfall: 1 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushEvent } from '../../shared/sync/wire';
import { backends, chain, FakeTerminal, newId, openHq, programDocument, type TestHq } from './support';

const DAY = 24 * 60 * 60 * 1000;

/** Sets who made a ledger event's entries, and when (the terminal's own clock). */
function by(e: PushEvent, staffId: string, createdAt?: number): PushEvent {
  const entries = (e.payload['entries'] as { staffId: string; createdAt: number }[]).map((x) => ({ ...x, staffId, createdAt: createdAt ?? x.createdAt }));
  return { ...e, payload: { ...e.payload, entries } };
}

describe.each(backends)('HQ velocity flags on $name', (backend) => {
  let hq: TestHq;
  beforeAll(async () => {
    hq = await openHq(backend);
  }, 180_000);
  afterAll(async () => hq?.destroy(), 180_000);

  async function setUp() {
    const { organisationId, storeIds } = await chain(hq, 2);
    await hq.admin.publishProgram({
      organisationId,
      document: {
        ...programDocument('Верига'),
        velocity: [
          { id: 'stamps-a-day', metric: 'stamps', maxPerDay: 6 },
          { id: 'redemptions-a-day', metric: 'redemptions', maxPerDay: 2 },
        ],
      },
    });
    const sofia = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const plovdiv = await FakeTerminal.enrolled(hq, storeIds[1]!);
    const customer = newId();
    expect((await sofia.push([sofia.enrolCustomer(customer)])).status).toBe(200);
    return { organisationId, storeIds, sofia, plovdiv, customer };
  }

  it('flags a customer whose stamps across stores in one day go above the rule, once, with the terminal and staff that went over', async () => {
    const { organisationId, storeIds, sofia, plovdiv, customer } = await setUp();
    // Given 4 stamps at Sofia today and 3 stamps of yesterday at Plovdiv (not today's)
    await sofia.push([by(sofia.ledger(customer, 'stamp.add', [['stamps:coffee', 4]]), 'staff-ana')]);
    await plovdiv.push([by(plovdiv.ledger(customer, 'stamp.add', [['stamps:coffee', 3]]), 'staff-ivan', Date.now() - DAY)]);
    expect(await hq.admin.listConflicts(organisationId)).toEqual([]);
    // When Plovdiv adds 3 more today: 7 today across both stores, above 6
    const over = by(plovdiv.ledger(customer, 'stamp.add', [['stamps:coffee', 3]]), 'staff-ivan');
    expect((await plovdiv.push([over])).body).toMatchObject({ stored: 1, conflicts: 0 });
    // Then one velocity flag names Plovdiv's till, its staff member, the day's total and the limit
    const flags = await hq.admin.listConflicts(organisationId, { open: true });
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      kind: 'velocity',
      customerId: customer,
      customerName: 'Мария Иванова',
      asset: 'stamps',
      operationId: over.payload['operationId'],
      terminalId: plovdiv.id,
      storeId: storeIds[1],
      staffId: 'staff-ivan',
      ruleId: 'stamps-a-day',
      dayTotal: 7,
      maxPerDay: 6,
      shortfall: 1,
    });
    expect(flags[0]!.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // And more stamps the same day do not flag the same day again
    await sofia.push([sofia.ledger(customer, 'stamp.add', [['stamps:coffee', 2]])]);
    expect(await hq.admin.listConflicts(organisationId)).toHaveLength(1);
  });

  it('flags a third redemption in a day across stores, and a manager marks it reviewed without touching the ledger', async () => {
    const { organisationId, sofia, plovdiv, customer } = await setUp();
    await sofia.push([sofia.ledger(customer, 'reward.grant', [['reward:free-drink', 5]])]);
    await sofia.push([sofia.ledger(customer, 'reward.redeem', [['reward:free-drink', -1]])]);
    await plovdiv.push([plovdiv.ledger(customer, 'reward.redeem', [['reward:free-drink', -1]])]);
    expect(await hq.admin.listConflicts(organisationId)).toEqual([]);
    await plovdiv.push([by(plovdiv.ledger(customer, 'reward.redeem', [['reward:free-drink', -1]]), 'staff-ivan')]);
    const [flag, ...rest] = await hq.admin.listConflicts(organisationId, { open: true });
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ kind: 'velocity', asset: 'redemptions', ruleId: 'redemptions-a-day', dayTotal: 3, maxPerDay: 2, terminalId: plovdiv.id, staffId: 'staff-ivan' });

    const cursor = (await sofia.drainFeed()).next;
    await expect(hq.admin.resolveConflict({ conflictId: flag!.id, resolution: 'write_off', managerName: 'Елена' })).rejects.toMatchObject({ code: 'admin.invalid' });
    await hq.admin.resolveConflict({ conflictId: flag!.id, resolution: 'reviewed', managerName: 'Елена' });
    expect(await hq.admin.listConflicts(organisationId, { open: true })).toEqual([]);
    expect((await hq.admin.listConflicts(organisationId))[0]).toMatchObject({ resolution: 'reviewed', managerName: 'Елена' });
    expect(await hq.admin.customerBalances(organisationId, customer)).toEqual({ 'reward:free-drink': 2 });
    expect((await sofia.drainFeed(cursor)).items).toEqual([]);
  });

  it('flags nothing without velocity rules in the newest program', async () => {
    const { organisationId, storeIds } = await chain(hq, 1);
    await hq.admin.publishProgram({ organisationId, document: { ...programDocument('Без'), velocity: [] } });
    const till = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const customer = newId();
    await till.push([till.enrolCustomer(customer), till.ledger(customer, 'stamp.add', [['stamps:coffee', 50]])]);
    expect(await hq.admin.listConflicts(organisationId)).toEqual([]);
  });
});

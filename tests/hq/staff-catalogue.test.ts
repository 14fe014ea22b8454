import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPin } from '../../electron/core/pin';
import { feedPageSchema } from '../../shared/sync/schemas';
import type { FeedItem } from '../../shared/sync/wire';
import { backends, chain, FakeTerminal, newId, openHq, type TestHq } from './support';

type StaffItem = Extract<FeedItem, { kind: 'staff' }>;
type CatalogueItem = Extract<FeedItem, { kind: 'catalogue' }>;

const name = (text: string) => ({ bg: text, ru: text, en: text });
const catalogue = (price: number) => ({
  categories: [{ id: 'coffee', name: name('Кафе'), position: 0 }],
  items: [
    { id: 'espresso', categoryId: 'coffee', name: name('Еспресо'), priceMinor: price, barcode: null, position: 0 },
    { id: 'latte', categoryId: 'coffee', name: name('Лате'), priceMinor: 450, barcode: null, position: 1 },
  ],
  modifiers: [{ id: 'oat', name: name('Овесено мляко'), priceMinor: 50 }],
});

describe.each(backends)('HQ staff and catalogue on $name', (backend) => {
  let hq: TestHq;
  beforeAll(async () => {
    hq = await openHq(backend);
  }, 180_000);
  afterAll(async () => hq?.destroy(), 180_000);

  it('sends a staff member to every store with the PIN as a scrypt hash the till verifies, never the PIN', async () => {
    const { organisationId, storeIds } = await chain(hq, 2);
    const sofia = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const plovdiv = await FakeTerminal.enrolled(hq, storeIds[1]!);
    const maria = await hq.admin.saveStaff({ organisationId, name: 'Мария', role: 'barista', pin: '4826' });

    for (const till of [sofia, plovdiv]) {
      const { items } = await till.drainFeed();
      const staff = items.filter((i): i is StaffItem => i.kind === 'staff');
      expect(staff.map((s) => ({ id: s.staff.id, name: s.staff.name, role: s.staff.role, active: s.staff.active }))).toEqual([
        { id: maria.id, name: 'Мария', role: 'barista', active: true },
      ]);
      expect(staff[0]!.staff.pinHash).toMatch(/^scrypt\$/);
      expect(verifyPin('4826', staff[0]!.staff.pinHash)).toBe(true);
      expect(verifyPin('4827', staff[0]!.staff.pinHash)).toBe(false);
      expect(JSON.stringify(items)).not.toContain('4826');
    }
    // The admin list shows no hash at all.
    expect(JSON.stringify(await hq.admin.listStaff(organisationId))).not.toContain('scrypt');
  });

  it('keeps the PIN hash when only the name or role changes, and takes a member off every till with active false', async () => {
    const { organisationId, storeIds } = await chain(hq, 1);
    const till = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const ivan = await hq.admin.saveStaff({ organisationId, name: 'Иван', role: 'cashier', pin: '1357' });
    const first = (await till.drainFeed()).items.filter((i): i is StaffItem => i.kind === 'staff');
    await hq.admin.saveStaff({ organisationId, id: ivan.id, name: 'Иван Петров', role: 'manager' });
    await hq.admin.saveStaff({ organisationId, id: ivan.id, name: 'Иван Петров', role: 'manager', active: false });
    const { items } = await till.drainFeed();
    const staff = items.filter((i): i is StaffItem => i.kind === 'staff').map((i) => i.staff);
    expect(staff.map((s) => [s.name, s.role, s.active])).toEqual([
      ['Иван', 'cashier', true],
      ['Иван Петров', 'manager', true],
      ['Иван Петров', 'manager', false],
    ]);
    expect(new Set(staff.map((s) => s.pinHash))).toEqual(new Set([first[0]!.staff.pinHash]));
    expect(await hq.admin.listStaff(organisationId)).toEqual([expect.objectContaining({ id: ivan.id, name: 'Иван Петров', role: 'manager', active: false })]);
  });

  it('refuses a new member without a PIN, a PIN that is not 4-8 digits, and a hash not in scrypt form', async () => {
    const { organisationId } = await chain(hq, 1);
    await expect(hq.admin.saveStaff({ organisationId, name: 'Без ПИН', role: 'cashier' })).rejects.toMatchObject({ code: 'admin.invalid', params: { field: 'pin' } });
    await expect(hq.admin.saveStaff({ organisationId, name: 'Кратък', role: 'cashier', pin: '12' })).rejects.toMatchObject({ params: { field: 'pin' } });
    await expect(hq.admin.saveStaff({ organisationId, name: 'Текст', role: 'cashier', pinHash: '1234' })).rejects.toMatchObject({ params: { field: 'pinHash' } });
    expect(await hq.admin.listStaff(organisationId)).toEqual([]);
  });

  it('publishes catalogue versions to every store, in order, and refuses an invalid one with nothing sent', async () => {
    const { organisationId, storeIds } = await chain(hq, 2);
    const till = await FakeTerminal.enrolled(hq, storeIds[1]!);
    expect(await hq.admin.publishCatalogue({ organisationId, document: catalogue(250) })).toEqual({ version: 1 });
    expect(await hq.admin.publishCatalogue({ organisationId, document: catalogue(280) })).toEqual({ version: 2 });
    await expect(hq.admin.publishCatalogue({ organisationId, document: { ...catalogue(300), items: [{ id: 'x', categoryId: 'tea', name: name('Чай'), priceMinor: 1, barcode: null, position: 0 }] } })).rejects.toMatchObject({
      code: 'admin.invalid',
    });
    await expect(hq.admin.publishCatalogue({ organisationId, document: { categories: 'none' } })).rejects.toMatchObject({ code: 'admin.invalid' });
    const items = (await till.drainFeed()).items.filter((i): i is CatalogueItem => i.kind === 'catalogue');
    expect(items.map((i) => [i.version, (i.catalogue as ReturnType<typeof catalogue>).items[0]!.priceMinor])).toEqual([
      [1, 250],
      [2, 280],
    ]);
    expect((await hq.admin.currentCatalogue(organisationId))?.version).toBe(2);
  });

  it("writes pages a terminal's wire schema reads whole: staff, a catalogue with its optional version, ledger items with their HLC", async () => {
    const { organisationId, storeIds } = await chain(hq, 1);
    const writer = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const reader = await FakeTerminal.enrolled(hq, storeIds[0]!);
    await hq.admin.saveStaff({ organisationId, name: 'Петя', role: 'manager', pin: '9753' });
    await hq.admin.publishCatalogue({ organisationId, document: catalogue(300) });
    const customer = newId();
    await writer.push([writer.enrolCustomer(customer), writer.ledger(customer, 'stamp.add', [['stamps:coffee', 2]])]);
    const page = await reader.feed('0', 1000);
    const parsed = feedPageSchema.safeParse(page.body);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.items.map((i) => i.kind)).toEqual(['staff', 'catalogue', 'customer', 'ledger']);
  });

  it('answers the admin HTTP API for staff and catalogue behind the admin password', async () => {
    const { organisationId } = await chain(hq, 1);
    const login = await fetch(`${hq.url}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'admin-test-password' }) });
    const { token } = (await login.json()) as { token: string };
    const call = async (method: string, path: string, body?: unknown, auth = true) => {
      const res = await fetch(`${hq.url}/admin/api/organisations/${organisationId}/${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    expect((await call('POST', 'staff', { name: 'Гост', role: 'cashier', pin: '2468' }, false)).status).toBe(401);
    const saved = await call('POST', 'staff', { name: 'Елена', role: 'manager', pin: '2468' });
    expect(saved).toMatchObject({ status: 200, body: { name: 'Елена', role: 'manager', active: true } });
    expect((await call('GET', 'staff')).body).toEqual([expect.objectContaining({ name: 'Елена' })]);
    expect((await call('POST', 'staff', { name: 'Х', role: 'owner', pin: '2468' })).status).toBe(400);
    expect(await call('POST', 'catalogue', { document: catalogue(260) })).toEqual({ status: 200, body: { version: 1 } });
    expect((await call('GET', 'catalogue')).body).toMatchObject({ version: 1, document: { items: [{ id: 'espresso', priceMinor: 260 }, { id: 'latte' }] } });
  });
});

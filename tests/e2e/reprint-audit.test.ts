import { describe, expect, it } from 'vitest';
import { logIn, useServedTerminal, zoneOffTheStoreDate } from '../support/browser';
import { postJson } from '../support/http';
import { demoCafeProgram } from '../../shared/loyalty';

const e2e = useServedTerminal();

/** A command over the terminal's local API, as another POS program (or this test's setup) calls it. */
async function call<T>(command: string, body: unknown, token?: string): Promise<T> {
  const reply = await postJson(e2e.served.url, command, body, token);
  expect(reply.body, command).toMatchObject({ ok: true });
  return (reply.body as { value: T }).value;
}

async function tokenOf(role: 'manager' | 'cashier', pin: string): Promise<string> {
  const staff = await call<{ id: string; role: string }[]>('staff.list', {});
  return (await call<{ token: string }>('staff.login', { staffId: staff.find((s) => s.role === role)!.id, pin })).token;
}

/** A tablet-sized page, signed in at the counter as the staff member `who`, its clock in `timezoneId` (the machine's when not given). */
async function signedIn(who: RegExp, pin: string, timezoneId?: string) {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 }, ...(timezoneId ? { timezoneId } : {}) });
  await page.goto(e2e.served.url);
  await logIn(page, who, pin);
  await page.getByTestId('hint').waitFor();
  return page;
}

describe('a manager after the fact, in Chromium', () => {
  it('finds an older sale by its number and reprints it as a copy with one tap, then checks the audit log against the Z-report on paper', async () => {
    const manager = await tokenOf('manager', '1234');
    const cashier = await tokenOf('cashier', '1111');
    await call('printer.configure', { printer: { transport: 'simulator', profileId: 'epson-cp866', width: 48 } }, manager);
    // Yesterday's shift, as far as this sale is concerned: rung up and closed before the customer comes back.
    await call('shift.open', { floatMinor: 0, idempotencyKey: crypto.randomUUID() }, cashier);
    const sales: { number: number }[] = [];
    for (const itemId of ['latte', 'cappuccino', 'croissant']) {
      sales.push(await call('sale.complete', { lines: [{ itemId, quantity: 1, modifierIds: [] }], tenders: [{ kind: 'cash', amountMinor: 1000 }], idempotencyKey: crypto.randomUUID() }, cashier));
    }
    const z = await call<{ shift: { zNumber: number }; audit: { records: number; headHash: string } }>('shift.close', { counted: {}, idempotencyKey: crypto.randomUUID() }, manager);

    // The tablet's clock is set to a time zone whose date is not the store's right now (the store is in
    // Sofia): "today" is still the store's today, the day the sales were made.
    const page = await signedIn(/Мария Петрова/, '1234', zoneOffTheStoreDate());
    await page.getByTestId('screen-shift').click();

    // No shift is open, and the sales are still there to find: today's list shows all three, newest first.
    const find = page.getByTestId('find-sale');
    await find.getByTestId(`found-${sales[0]!.number}`).waitFor();
    expect(await find.locator('li').count()).toBe(3);
    // Yesterday had none.
    await find.getByTestId('find-yesterday').click();
    await expect.poll(() => find.getByText('Няма намерена продажба.').count()).toBe(1);

    // The customer's receipt says No 2: type it, find it, one tap to reprint.
    const second = sales[1]!.number;
    await find.getByTestId('find-number').fill(String(second));
    await find.getByTestId('find-by-number').click();
    await expect.poll(() => find.getByTestId('find-title').textContent()).toBe(`№ ${second}`);
    expect(await find.locator('li').count()).toBe(1);
    await find.getByTestId(`find-reprint-${second}`).click();
    await expect.poll(() => find.getByTestId('find-reprinted').textContent()).toBe(`Бележката на продажба ${second} е изпратена към принтера.`);
    // The print queue works on its own: wait until the newest thing printed is the copy.
    const newest = async () => (await call<{ lines: string[] }[]>('printer.simulatorOutput', { limit: 1 }, manager))[0]?.lines.join('\n') ?? '';
    await expect.poll(newest, { timeout: 10_000 }).toContain('КОПИЕ');
    const copy = await newest();
    expect(copy).toContain('КОПИЕ');
    expect(copy).toMatch(new RegExp(`Продажба № ${second}\\s`));
    expect(copy).toMatch(/Капучино\s+3,40/);

    // Settings: the audit log against the anchor the Z-report printed, copied as printed (groups of 8).
    await page.getByTestId('screen-settings').click();
    const admin = page.getByTestId('staff-admin');
    const printed = z.audit.headHash.match(/.{1,8}/g)!.join(' ');
    await admin.getByTestId('anchor-z').fill(String(z.shift.zNumber));
    await admin.getByTestId('anchor-records').fill(String(z.audit.records));
    await admin.getByTestId('anchor-head').fill(printed);
    await admin.getByTestId('verify-anchor').click();
    await expect.poll(() => admin.getByTestId('audit-entered').textContent()).toBe(`Съвпада с въведения хеш: запис ${z.audit.records} има този хеш.`);
    expect(await admin.getByTestId('audit-verdict').textContent()).toContain('Одитният дневник е цял');

    // One character copied wrong: the record does not have that hash, and the manager is told to check it.
    const wrong = (printed[0] === 'a' ? 'b' : 'a') + printed.slice(1);
    await admin.getByTestId('anchor-head').fill(wrong);
    await admin.getByTestId('verify-anchor').click();
    await expect.poll(() => admin.getByTestId('audit-entered').textContent()).toBe(
      `Запис ${z.audit.records} няма въведения хеш. Проверете знаците; ако са верни, дневникът е пренаписан оттам нататък.`,
    );
    // Half a hash is not checked at all.
    await admin.getByTestId('anchor-head').fill(printed.slice(0, 20));
    await admin.getByTestId('verify-anchor').click();
    await admin.getByText('Въведете номера на Z-отчета, броя записи и всичките 64 знака на хеша.').waitFor();
    await page.close();

    // A reprint and a check change nothing on record: the log is intact.
    expect(await call('audit.verify', {}, manager)).toMatchObject({ ok: true });
  });
  it('names each discount on the order panel and the receipt: the free drink by its name, the tier by its own', async () => {
    const manager = await tokenOf('manager', '1234');
    const cashier = await tokenOf('cashier', '1111');
    const tiers = {
      basis: 'spend',
      windowDays: 30,
      levels: [{ id: 'silver', name: { bg: 'Сребро', ru: 'Серебро', en: 'Silver' }, threshold: 1000, benefits: { discountPercent: 10 } }],
      reviewEveryDays: 30,
      graceDays: 30,
    };
    await call('program.publish', { document: { ...demoCafeProgram(), tiers } }, manager);
    await call('shift.open', { floatMinor: 0, idempotencyKey: crypto.randomUUID() }, cashier);
    const customerId = (await call<{ customer: { id: string } }>('customer.enroll', { name: 'Десислава Колева', phone: '0888 765 432', language: 'bg' }, cashier)).customer.id;
    // 10.20 spent makes her silver; a full card gives her a free drink.
    await call('sale.complete', { lines: [{ itemId: 'cappuccino', quantity: 3, modifierIds: [] }], customerId, tenders: [{ kind: 'cash', amountMinor: 1020 }], idempotencyKey: crypto.randomUUID() }, cashier);
    await call('stamp.add', { customerId, count: 10, visitId: 'visit-e2e-1', idempotencyKey: crypto.randomUUID() }, cashier);

    const page = await signedIn(/Иван Георгиев/, '1111');
    await page.getByTestId('search').fill('Десислава');
    await page.getByTestId('results').getByRole('button', { name: /Десислава Колева/ }).click();
    await page.getByTestId('mode-order').click();
    await expect.poll(() => page.getByTestId('customer-name').first().textContent()).toContain('Десислава');
    await page.getByTestId('item-latte').click();
    await page.getByTestId('item-latte').click();
    await page.getByTestId('apply-free-drink').click();
    // Two lattes: one free (3.60), then silver's 10 % off the other (0.36), each on its own line.
    await expect.poll(() => page.getByTestId('reward-discount-free-drink').textContent()).toMatch(/^Безплатна напитка \(награда\): −3,60\s€$/);
    await expect.poll(() => page.getByTestId('tier-discount').textContent()).toMatch(/^Сребро: −10 % \(0,36\s€\)$/);
    await page.getByTestId('pay-cash').click();
    await page.getByTestId('given').fill('5');
    await page.getByTestId('complete-cash').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Продажба');
    await page.close();

    // The receipt that printed with the sale says the same.
    const newest = async () =>
      (await call<{ lines: string[] }[]>('printer.simulatorOutput', { limit: 3 }, manager)).map((p) => p.lines.join('\n')).find((text) => text.includes('ОБЩО')) ?? '';
    await expect.poll(newest, { timeout: 10_000 }).toMatch(/Лате\s/);
    const receipt = await newest();
    expect(receipt).toMatch(/ {2}Безплатна напитка \(награда\)\s+-3,60/);
    expect(receipt).toMatch(/\nНиво Сребро -10 %\s+-0,36/);
  });

  it('keeps a busy day to the latest 200 sales in a box of its own, and says an earlier one is found by number', async () => {
    const cashier = await tokenOf('cashier', '1111');
    // The test before left its shift open; today's sales are what count here.
    if ((await call<unknown>('shift.current', {}, cashier)) === null) await call('shift.open', { floatMinor: 0, idempotencyKey: crypto.randomUUID() }, cashier);
    for (let i = 0; i < 201; i++) {
      await call('sale.complete', { lines: [{ itemId: 'espresso', quantity: 1, modifierIds: [] }], tenders: [{ kind: 'cash', amountMinor: 500 }], idempotencyKey: crypto.randomUUID() }, cashier);
    }
    const page = await signedIn(/Иван Георгиев/, '1111');
    await page.getByTestId('screen-shift').click();
    const find = page.getByTestId('find-sale');
    await expect.poll(() => find.getByTestId('find-more').textContent()).toBe('Последните 200 за деня. По-ранна продажба намерете по номера ѝ.');
    expect(await find.locator('li').count()).toBe(200);
    // The list scrolls inside the panel instead of pushing the rest of the screen down.
    const box = await find.locator('ul.found-sales').evaluate((ul) => ({ client: ul.clientHeight, scroll: ul.scrollHeight }));
    expect(box.client).toBeLessThanOrEqual(550);
    expect(box.scroll).toBeGreaterThan(box.client);
    await page.close();
  });
});

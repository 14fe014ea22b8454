import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { logIn, useServedTerminal } from '../support/browser';
import { postJson } from '../support/http';

const e2e = useServedTerminal();

/** Each way of paying, in Chromium: what the cashier types, what the till shows, what the sale records. */
describe('paying for an order in Chromium', () => {
  it('takes cash with change or exact, a card with its reference, card + cash, and a voucher, keeping what was typed across a cancel', async () => {
    const staff = (await postJson(e2e.served.url, 'staff.list', {})).body.value as { id: string; role: string }[];
    const cashier = staff.find((s) => s.role === 'cashier')!;
    const token = ((await postJson(e2e.served.url, 'staff.login', { staffId: cashier.id, pin: '1111' })).body.value as { token: string }).token;
    expect((await postJson(e2e.served.url, 'shift.open', { floatMinor: 0, idempotencyKey: 'pay-test-open' }, token)).body.ok).toBe(true);

    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(e2e.served.url);
    await logIn(page, /Иван Георгиев/, '1111');
    await page.getByTestId('hint').waitFor();
    await page.getByTestId('mode-order').click();
    let sales = 0;
    const sold = async () => {
      sales++;
      await expect.poll(() => page.getByTestId('notice').textContent()).toContain(`Продажба ${sales}`);
    };
    const ring = async (item: string) => {
      await page.getByTestId(`item-${item}`).click();
      await page.getByTestId('total').waitFor();
    };
    const change = () => page.locator('.pay .change').textContent();

    // Cash: the change shows once enough is given; nothing completes with too little.
    await ring('espresso');
    await page.getByTestId('pay-cash').click();
    await page.getByTestId('given').fill('2');
    expect(await page.getByTestId('complete-cash').isDisabled()).toBe(true);
    expect(await page.locator('.pay .change').count()).toBe(0);
    await page.getByTestId('given').fill('2,20');
    await expect.poll(change).toMatch(/0,00/);
    await page.getByTestId('given').fill('5');
    await expect.poll(change).toMatch(/2,80/);
    await page.getByTestId('complete-cash').click();
    await sold();

    // Exact cash, one tap.
    await ring('espresso');
    await page.getByTestId('pay-cash').click();
    await page.getByTestId('exact').click();
    await sold();

    // Card: a reference typed, then cancelled and paid card + cash: the reference is still there.
    await ring('latte');
    await page.getByTestId('pay-card').click();
    expect(await page.getByTestId('given').count()).toBe(0);
    await page.getByTestId('reference').fill('POS-1001');
    await page.getByRole('button', { name: 'Отказ' }).click();
    await page.getByTestId('pay-split').click();
    expect(await page.getByTestId('reference').inputValue()).toBe('POS-1001');
    expect(await page.getByTestId('complete-split').isDisabled()).toBe(true);
    await page.getByTestId('part').fill('1');
    await page.getByTestId('given').fill('2,60');
    expect(await page.locator('.pay .change').count()).toBe(0);
    await page.getByTestId('given').fill('5');
    await expect.poll(change).toMatch(/2,40/);
    await page.getByTestId('complete-split').click();
    await sold();

    // The whole total on the card terminal.
    await ring('latte');
    await page.getByTestId('pay-card').click();
    await page.getByTestId('reference').fill('POS-1002');
    await page.getByTestId('complete-card').click();
    await sold();

    // A voucher worth more than the order: no cash asked for.
    await ring('cappuccino');
    await page.getByTestId('pay-voucher').click();
    await page.getByTestId('part').fill('5');
    await page.getByTestId('reference').fill('V-77');
    expect(await page.getByTestId('given').count()).toBe(0);
    await page.getByTestId('complete-split').click();
    await sold();
    await page.close();

    const db = new Database(join(e2e.served.dataDir, 'till.db'), { readonly: true });
    try {
      const tenders = db
        .prepare('SELECT s.number, t.kind, t.amount_minor AS amount, t.applied_minor AS applied, t.reference FROM tenders t JOIN sales s ON s.id = t.sale_id ORDER BY s.number, t.line_no')
        .all();
      expect(tenders).toEqual([
        { number: 1, kind: 'cash', amount: 500, applied: 220, reference: null },
        { number: 2, kind: 'cash', amount: 220, applied: 220, reference: null },
        { number: 3, kind: 'card', amount: 100, applied: 100, reference: 'POS-1001' },
        { number: 3, kind: 'cash', amount: 500, applied: 260, reference: null },
        { number: 4, kind: 'card', amount: 360, applied: 360, reference: 'POS-1002' },
        { number: 5, kind: 'voucher', amount: 340, applied: 340, reference: 'V-77' },
      ]);
    } finally {
      db.close();
    }
  });
});

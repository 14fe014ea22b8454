import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ensureRendererBuilt, serveTerminal, type Served } from '../support/serve';
import { launchChromium, scanUnderCyrillicLayout } from '../support/browser';

let served: Served;
let browser: Browser;
beforeAll(async () => {
  ensureRendererBuilt();
  served = await serveTerminal();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

async function login(page: Page, name: RegExp, pin: string) {
  await page.getByRole('button', { name }).click();
  for (const digit of pin) await page.locator('.pin-keys').getByRole('button', { name: digit, exact: true }).click();
  await page.getByRole('button', { name: 'Вход' }).click();
  await page.getByTestId('hint').waitFor();
}

describe('a shift in Chromium', () => {
  it('opens with a float, rings sales with stamps and a free drink, and closes 0.50 short with a Z-report that agrees with the database', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(served.url);
    await login(page, /Иван Георгиев/, '1111');

    await page.getByTestId('screen-shift').click();
    await page.getByTestId('float').fill('100');
    await page.getByTestId('open-shift').click();
    await page.getByTestId('report').waitFor();

    // A new customer, enrolled from an unknown card.
    await page.getByTestId('screen-counter').click();
    await scanUnderCyrillicLayout(page, 'LT-SHIFT1');
    await page.locator('input[name=name]').fill('Борис');
    await page.locator('input[name=phone]').fill('0899 555 444');
    await page.getByRole('button', { name: 'Регистрирай' }).click();
    await page.getByTestId('customer-name').waitFor();

    await page.getByTestId('mode-order').click();
    // Sale 1: ten cappuccinos (a group), cash with change: fills the card.
    for (let i = 0; i < 10; i++) await page.getByTestId('item-cappuccino').click();
    await expect.poll(() => page.getByTestId('total').textContent()).toMatch(/34,00/);
    await page.getByTestId('pay-cash').click();
    await page.getByTestId('given').fill('40');
    await page.getByTestId('complete-cash').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/6,00/);

    // Sale 2: a latte made free by the reward, and a croissant by card.
    await page.getByTestId('item-latte').click();
    await page.getByRole('tab', { name: 'Закуски' }).click();
    await page.getByTestId('item-croissant').click();
    await page.getByTestId('apply-free-drink').click();
    await expect.poll(() => page.getByTestId('total').textContent()).toMatch(/2,50/);
    await page.getByTestId('pay-card').click();
    await page.getByTestId('reference').fill('POS-4411');
    await page.getByTestId('complete-card').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('2');

    // The card sale is refunded with a manager's PIN: its reward goes back to the customer.
    await page.getByTestId('screen-shift').click();
    await page.getByTestId('refund-2').click();
    await page.getByRole('button', { name: 'Грешна поръчка' }).click();
    for (const digit of '1234') await page.locator('.pin-keys').getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: 'Вход' }).click();
    await expect.poll(() => page.getByTestId('report-refunds').textContent()).toMatch(/^1 · 2,50/);

    // Close: 100 float + 34.00 cash = 134.00 expected; counted 133.50.
    await page.getByTestId('start-close').click();
    await page.getByTestId('count-10000').fill('1');
    await page.getByTestId('count-2000').fill('1');
    await page.getByTestId('count-1000').fill('1');
    await page.getByTestId('count-200').fill('1');
    await page.getByTestId('count-100').fill('1');
    await page.getByTestId('count-50').fill('1');
    await page.getByTestId('close-shift').click();
    for (const digit of '1234') await page.locator('.pin-keys').getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: 'Вход' }).click();
    await expect.poll(() => page.getByTestId('report-difference').textContent()).toMatch(/-0,50|−0,50/);
    const text = (id: string) => page.getByTestId(id).textContent();
    expect(await text('report-expected')).toMatch(/134,00/);
    expect(await text('report-counted')).toMatch(/133,50/);
    expect(await text('report-stamps')).toBe('10');
    expect(await text('report-redeemed')).toBe('1');
    expect(await text('report-sales')).toMatch(/^2 · 36,50/);
    mkdirSync(resolve(__dirname, '../output'), { recursive: true });
    await page.screenshot({ path: resolve(__dirname, '../output/z-report.png'), fullPage: true });
    await page.close();

    const db = new Database(join(served.dataDir, 'till.db'), { readonly: true });
    const sums = db.prepare('SELECT COUNT(*) AS n, SUM(total_minor) AS total FROM sales').get();
    const shift = db.prepare('SELECT counted_minor, expected_minor, z_number FROM shifts').get();
    const db2Refunds = db.prepare('SELECT COUNT(*) AS n, SUM(amount_minor) AS amount FROM refunds').get();
    db.close();
    expect(sums).toEqual({ n: 2, total: 3650 });
    expect(db2Refunds).toEqual({ n: 1, amount: 250 });
    expect(shift).toEqual({ counted_minor: 13350, expected_minor: 13400, z_number: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { logIn, useServedTerminal } from '../support/browser';
import { postJson } from '../support/http';

const e2e = useServedTerminal();

async function openCustomer(page: Page, name: string) {
  await page.getByTestId('hint').waitFor();
  await page.getByTestId('search').fill(name);
  await page.getByTestId('results').getByRole('button', { name: new RegExp(name) }).click();
  await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe(name);
}

const filled = (page: Page) => page.getByTestId('stamp-card').getAttribute('data-filled');

describe('a manual adjustment in Chromium', () => {
  it('lets a manager add stamps with a reason, shows it in the history, refuses going below zero, and is not offered to a cashier', async () => {
    const staff = (await postJson(e2e.served.url, 'staff.list', {})).body.value as { id: string; role: string }[];
    const cashier = staff.find((s) => s.role === 'cashier')!;
    const token = ((await postJson(e2e.served.url, 'staff.login', { staffId: cashier.id, pin: '1111' })).body.value as { token: string }).token;
    const enrolled = await postJson(e2e.served.url, 'customer.enroll', { name: 'Пламен Колев', phone: '0877 111 222', language: 'bg' }, token);
    expect(enrolled.body.ok).toBe(true);

    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(e2e.served.url);
    await logIn(page, /Мария Петрова/, '1234');
    await openCustomer(page, 'Пламен Колев');
    const before = Number(await filled(page));

    await page.getByTestId('adjust-open').click();
    await page.getByTestId('adjust-asset').selectOption('stamps:coffee');
    await page.getByTestId('adjust-amount').fill('3');
    // No reason, no adjustment.
    expect(await page.getByTestId('adjust-submit').isDisabled()).toBe(true);
    await page.getByTestId('adjust-reason').fill('Хартиена карта с 3 печата');
    await page.getByTestId('adjust-submit').click();
    await expect.poll(() => filled(page)).toBe(String(before + 3));
    await expect.poll(() => page.getByTestId('adjust-done').textContent()).toContain('+3');
    await expect.poll(() => page.getByTestId('history').textContent()).toContain('Ръчна корекция: Хартиена карта с 3 печата');

    // Removing more than the card holds is refused, in Bulgarian, and changes nothing.
    await page.getByTestId('adjust-remove').click();
    await page.getByTestId('adjust-amount').fill(String(before + 4));
    await page.getByTestId('adjust-reason').fill('Грешка');
    await page.getByTestId('adjust-submit').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain(`Клиентът има само ${before + 3}`);
    expect(await filled(page)).toBe(String(before + 3));
    await page.close();

    const counter = await e2e.browser.newPage();
    await counter.goto(e2e.served.url);
    await logIn(counter, /Иван Георгиев/, '1111');
    await openCustomer(counter, 'Пламен Колев');
    expect(await counter.getByTestId('adjust-open').count()).toBe(0);
    await counter.close();
  });
});

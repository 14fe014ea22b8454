import { describe, expect, it } from 'vitest';
import { logIn, useServedTerminal } from '../support/browser';

const e2e = useServedTerminal();

/** Today's date in the store's zone (the demo café is in Sofia), as a date input wants it. */
const todayInSofia = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Sofia', year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now());

describe('loyalty prompts at the counter', () => {
  it('greets a birthday and says how far the card is, in the cashier’s language', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(e2e.served.url);
    await logIn(page, /Иван Георгиев/, '1111');
    await page.getByTestId('hint').waitFor();

    await page.getByRole('button', { name: 'Нов клиент' }).click();
    await page.locator('input[name=name]').fill('Мария Петрова');
    await page.locator('input[name=phone]').fill('0888 765 432');
    await page.locator('input[name=birthday]').fill(`1990-${todayInSofia().slice(5)}`);
    await page.getByRole('button', { name: 'Регистрирай' }).click();
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe('Мария Петрова');

    await page.getByTestId('stamp-1').click();
    await expect.poll(() => page.getByTestId('banner-birthday').textContent()).toBe('Днес е рожденият ден!');
    await expect.poll(() => page.getByTestId('loyalty-prompts').textContent()).toContain('Още 50 точки до „10% отстъпка“');
    // The same distance as a bar that ends at the reward's price.
    const bar = page.getByTestId('points-progress');
    expect([await bar.getAttribute('max'), await bar.getAttribute('value')]).toEqual(['50', '0']);
    expect(await bar.getAttribute('aria-label')).toBe('Още 50 точки до „10% отстъпка“');
    await page.close();
  });
});

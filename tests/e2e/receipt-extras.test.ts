import { describe, expect, it } from 'vitest';
import { logIn, useServedTerminal } from '../support/browser';
import { postJson } from '../support/http';
import { demoCafeProgram } from '../../shared/loyalty';

const e2e = useServedTerminal();

/**
 * Issue 3 in Chromium: after a sale over 5 EUR the cashier is told the partner's coupon the engine
 * chose for the receipt, and points about to expire are warned of at the counter.
 */
describe('receipt extras at the counter in Chromium', () => {
  it('says the partner coupon after a sale over X and warns of points about to expire', async () => {
    const staff = (await postJson(e2e.served.url, 'staff.list', {})).body.value as { id: string; role: string }[];
    const login = async (role: string, pin: string) =>
      ((await postJson(e2e.served.url, 'staff.login', { staffId: staff.find((s) => s.role === role)!.id, pin })).body.value as { token: string }).token;
    const manager = await login('manager', '1234');
    const published = await postJson(
      e2e.served.url,
      'program.publish',
      {
        document: {
          ...demoCafeProgram(),
          partnerOffers: [{ id: 'cinema', partner: 'Cinema City', text: { bg: 'Два билета на цената на един', ru: 'Два билета по цене одного', en: 'Two tickets for the price of one' }, code: 'CC-2FOR1', when: { minAmount: 500 } }],
          // Points last a day: what a sale earns is at once within the week's warning.
          expiry: { enabled: true, afterDays: 1, warnDays: 7 },
        },
      },
      manager,
    );
    expect((published.body as { ok: boolean; value: { valid: boolean } }).value.valid).toBe(true);
    const cashier = await login('cashier', '1111');
    expect((await postJson(e2e.served.url, 'shift.open', { floatMinor: 0, idempotencyKey: 'extras-open' }, cashier)).body.ok).toBe(true);
    expect((await postJson(e2e.served.url, 'customer.enroll', { name: 'Галя Стоянова', phone: '0877 555 666', language: 'bg' }, cashier)).body.ok).toBe(true);

    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(e2e.served.url);
    await logIn(page, /Иван Георгиев/, '1111');
    await page.getByTestId('hint').waitFor();
    await page.getByTestId('search').fill('Галя Стоянова');
    await page.getByTestId('results').getByRole('button', { name: /Галя Стоянова/ }).click();
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe('Галя Стоянова');

    await page.getByTestId('mode-order').click();
    for (let i = 0; i < 2; i++) {
      await page.getByTestId('item-latte').click();
      await page.getByTestId('total').waitFor();
    }
    await page.getByTestId('pay-cash').click();
    await page.getByTestId('exact').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Дайте на клиента купона от Cinema City: код CC-2FOR1');

    await page.getByTestId('mode-card').click();
    // The two lattes earned 7 points and 2 coffee stamps, each lasting a day.
    await expect.poll(() => page.getByTestId('prompt-expiring').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^7 точки изтичат на \d\d\.\d\d\.\d{4} г\.$/), expect.stringMatching(/^2 печата на карта „Кафе“ изтичат на /)]),
    );
    await page.close();
  });
});

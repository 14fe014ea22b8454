import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { dateIn, logIn, useServedTerminal, zoneOffTheStoreDate } from '../support/browser';
import { postJson } from '../support/http';

const e2e = useServedTerminal();

async function managerToken(): Promise<string> {
  const staff = (await postJson(e2e.served.url, 'staff.list', {})).body.value as { id: string; role: string }[];
  const manager = staff.find((s) => s.role === 'manager')!;
  return ((await postJson(e2e.served.url, 'staff.login', { staffId: manager.id, pin: '1234' })).body.value as { token: string }).token;
}

/** The settings screen, signed in as the manager, downloads allowed; the tablet's clock in `timezoneId` when given. */
async function settingsPage(timezoneId?: string): Promise<Page> {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true, ...(timezoneId ? { timezoneId } : {}) });
  await page.goto(e2e.served.url);
  await logIn(page, /Мария Петрова/, '1234');
  await page.getByTestId('hint').waitFor();
  await page.getByTestId('screen-settings').click();
  return page;
}

describe('data export in Chromium', () => {
  it('downloads the customers as a CSV file Excel opens in Bulgarian, and records the export in the audit log', async () => {
    const token = await managerToken();
    expect((await postJson(e2e.served.url, 'customer.enroll', { name: 'Цветана Божилова', phone: '0877 333 444', language: 'bg', marketingConsent: true }, token)).body.ok).toBe(true);

    const page = await settingsPage();
    await page.getByTestId('export-what').selectOption('customers');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()]);
    expect(download.suggestedFilename()).toMatch(/^loyal-till-customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('customer_id;name;phone');
    expect(text).toMatch(/;Цветана Божилова;\+359877333444;.*;1;/);
    await expect.poll(() => page.getByTestId('export-done').textContent()).toContain('loyal-till-customers-');
    await page.close();

    const audit = await postJson(e2e.served.url, 'audit.verify', {}, token);
    expect(audit.body).toMatchObject({ ok: true, value: { ok: true } });
  });

  it("exports the ledger of the store's day when the tablet's clock is in another time zone", async () => {
    const token = await managerToken();
    const enrolled = await postJson(e2e.served.url, 'customer.enroll', { name: 'Пламен Вечерник', phone: '0877 555 666', language: 'bg', marketingConsent: false }, token);
    const customerId = (enrolled.body.value as { customer: { id: string } }).customer.id;
    const stamp = await postJson(e2e.served.url, 'stamp.add', { customerId, count: 1, visitId: 'visit-export-1', idempotencyKey: crypto.randomUUID() }, token);
    expect(stamp.body.ok).toBe(true);

    // The store is in Sofia; the tablet's clock is in a zone whose date differs from Sofia's right now.
    const page = await settingsPage(zoneOffTheStoreDate());
    await page.getByTestId('export-what').selectOption('ledger');
    // The manager asks for the store's today, from and to.
    const today = dateIn('Europe/Sofia');
    await page.getByTestId('export-from').fill(today);
    await page.getByTestId('export-to').fill(today);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()]);
    const text = readFileSync((await download.path())!).toString('utf8');
    expect(text.split('\n').filter((line) => line.includes(customerId))).toHaveLength(1);
    await page.close();
  });
});

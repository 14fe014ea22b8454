import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { logIn, scanUnderCyrillicLayout, useServedTerminal } from '../support/browser';
import { startSimulatedPrinter } from '../../electron/printing/simulator/server';

const card = 'LT-QA2026';
const e2e = useServedTerminal();

async function loginAsCashier(page: Page) {
  await logIn(page, /Иван Георгиев/, '1111');
  await page.getByTestId('hint').waitFor();
}

const filled = (page: Page) => page.getByTestId('stamp-card').getAttribute('data-filled');

describe('the counter in Chromium', () => {
  it('enrols from a scan under a Cyrillic layout, stamps ten times, redeems the free drink, and keeps it all after a reload', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(e2e.served.url);
    await loginAsCashier(page);

    // An unknown card scanned with the OS layout set to Russian: offered for enrolment, code intact.
    await scanUnderCyrillicLayout(page, card);
    await page.getByTestId('enrol').waitFor();
    await expect.poll(() => page.locator('input[name=card]').inputValue()).toBe(card);
    await page.locator('input[name=name]').fill('Анна Иванова');
    await page.locator('input[name=phone]').fill('0888 123 456');
    await page.getByRole('button', { name: 'Регистрирай' }).click();
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe('Анна Иванова');

    for (let i = 1; i <= 10; i++) {
      await page.getByTestId('stamp-1').click();
      await expect.poll(() => filled(page)).toBe(String(i % 10));
    }
    await page.getByTestId('card-full').waitFor();
    await expect.poll(() => page.getByTestId('rewards').locator('li').count()).toBe(1);

    // A double tap on Redeem redeems once.
    const redeem = page.getByTestId('redeem');
    await redeem.dblclick();
    await expect.poll(() => page.getByTestId('rewards').locator('li').count()).toBe(0);
    await expect.poll(() => page.getByTestId('history').locator('li').count()).toBe(13);

    mkdirSync(resolve(__dirname, '../output'), { recursive: true });
    await page.getByTestId('stamp-1').click();
    await page.getByTestId('stamp-1').click();
    await expect.poll(() => filled(page)).toBe('2');
    await page.screenshot({ path: resolve(__dirname, '../output/counter.png') });

    await page.reload();
    await page.getByTestId('hint').waitFor();
    await scanUnderCyrillicLayout(page, card);
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe('Анна Иванова');
    await expect.poll(() => filled(page)).toBe('2');
    await expect.poll(() => page.getByTestId('history').locator('li').count()).toBe(15);
    expect(await page.getByTestId('history').textContent()).toContain('Използвана награда: Безплатна напитка');
    await page.close();
  });

  it('does not take a person typing a phone number into the search box for a scan', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(e2e.served.url);
    await loginAsCashier(page);
    const search = page.getByTestId('search');
    await search.click();
    await search.pressSequentially('123456', { delay: 120 });
    await expect.poll(() => search.inputValue()).toBe('123456');
    await expect.poll(() => page.getByTestId('results').locator('li').count()).toBe(1);
    expect(await page.getByTestId('results').textContent()).toContain('Анна Иванова');
    await page.close();
  });
});

describe('the receipt printer in Chromium', () => {
  it('is set up by a manager, prints a test page on the simulated printer, and shows ready in the status bar', async () => {
    const printer = await startSimulatedPrinter({ width: 48 });
    try {
      const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
      await page.goto(e2e.served.url);
      await logIn(page, /Мария Петрова/, '1234');
      await page.getByTestId('screen-settings').click();
      await page.getByTestId('printer-host').fill('127.0.0.1');
      await page.getByTestId('printer-port').fill(String(printer.port));
      await page.getByTestId('printer-save').click();
      await page.getByTestId('printer-test').click();
      await expect.poll(() => printer.printed.length, { timeout: 10_000 }).toBe(1);
      expect(printer.printed[0]!.lines.join('\n')).toContain('ТЕСТОВА СТРАНИЦА');
      await expect.poll(() => page.getByTestId('printer-status').textContent()).toBe('Принтерът е готов');

      // The built-in simulated printer shows its paper on screen.
      await page.getByTestId('printer-simulator').click();
      await page.getByTestId('printer-test').click();
      await expect.poll(() => page.getByTestId('simulated-paper').textContent(), { timeout: 10_000 }).toContain('ТЕСТОВА СТРАНИЦА');
      await page.close();
    } finally {
      await printer.close();
    }
  });
});

describe('settings in Chromium', () => {
  it('lets a manager add a simulated scanner and see its test scan arrive', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(e2e.served.url);
    await logIn(page, /Мария Петрова/, '1234');
    await page.getByTestId('screen-settings').click();
    await page.getByRole('button', { name: 'Добави симулиран скенер' }).click();
    await expect.poll(() => page.getByTestId('devices').textContent()).toContain('Свързано');
    await page.getByRole('button', { name: 'Тестово сканиране' }).click();
    await expect.poll(() => page.getByTestId('last-scan').textContent()).toBe('Последно прочетено: 2900000000018');
    await page.close();
  });
});

describe('the program screen in Chromium', () => {
  it('explains what is wrong with a program in the manager’s language, and simulates a sale', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(e2e.served.url);
    await logIn(page, /Мария Петрова/, '1234');
    await page.getByTestId('screen-program').click();
    const editor = page.getByTestId('program-text');
    await expect.poll(() => editor.inputValue()).toContain('Demo café');
    const doc = JSON.parse(await editor.inputValue()) as { rewards: { id: string; cost: { amount: number } | null }[] };
    doc.rewards.find((r) => r.id === 'croissant')!.cost!.amount = 0;
    await editor.fill(JSON.stringify(doc, null, 2));
    await page.getByTestId('program-validate').click();
    await expect.poll(() => page.getByTestId('program-issues').textContent()).toContain('Безплатен кроасан');
    doc.rewards.find((r) => r.id === 'croissant')!.cost!.amount = 120;
    await editor.fill(JSON.stringify(doc, null, 2));
    await page.getByTestId('program-simulate').click();
    await expect.poll(() => page.getByTestId('simulation').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('simulation').textContent()).toMatch(/печат/);
    await page.close();
  });
});

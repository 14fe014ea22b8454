/**
 * Device and printer settings in Debian's Chromium, through the browser transport: the simulated
 * card reader's test swipe and tap arrive, a device's settings survive adding another, and the
 * printer's own status (DLE EOT from the TCP 9100 simulator) colours the status bar.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { logIn, useServedTerminal } from '../support/browser';
import { startSimulatedPrinter } from '../../electron/printing/simulator/server';

const e2e = useServedTerminal();

async function managerSettings(page: Page) {
  await page.goto(e2e.served.url);
  await logIn(page, /Мария Петрова/, '1234');
  await page.getByTestId('screen-settings').click();
}

describe('device settings in Chromium', () => {
  it('adds a simulated card reader next to a scanner, and its test swipe and tap arrive as card codes', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await managerSettings(page);
    await page.getByRole('button', { name: 'Добави симулиран скенер' }).click();
    await expect.poll(() => page.getByTestId('devices').textContent()).toContain('Simulated scanner');
    await page.getByTestId('add-simulated-reader').click();
    // Adding the reader keeps the scanner: the list starts from the configuration in force.
    await expect.poll(() => page.getByTestId('devices').textContent()).toContain('Simulated card reader');
    expect(await page.getByTestId('devices').textContent()).toContain('Simulated scanner');

    await page.getByTestId('test-swipe').click();
    await expect.poll(() => page.getByTestId('last-scan').textContent()).toBe('Последно прочетено: 2900000000018');
    await page.getByTestId('test-tap').click();
    await expect.poll(() => page.getByTestId('last-scan').textContent()).toBe('Последно прочетено: 0A00B1C2D3');

    // Renamed in the editor, and still there after a reload.
    await page.getByTestId('edit-simulated-reader').click();
    await page.getByTestId('device-name').fill('Четец на касата');
    await page.getByTestId('device-save').click();
    await expect.poll(() => page.getByTestId('devices').textContent()).toContain('Четец на касата');
    await page.reload();
    await page.getByTestId('screen-settings').click();
    await expect.poll(() => page.getByTestId('devices').textContent()).toContain('Четец на касата');
    expect(await page.getByTestId('devices').textContent()).toContain('Simulated scanner');
    await page.close();
  });
});

describe('printer status in Chromium', () => {
  it('shows paper running low in amber and paper out in red, as the printer reports it', async () => {
    const printer = await startSimulatedPrinter({ width: 48 });
    try {
      const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
      await managerSettings(page);
      await page.getByTestId('printer-host').fill('127.0.0.1');
      await page.getByTestId('printer-port').fill(String(printer.port));
      await page.getByTestId('printer-save').click();
      await expect.poll(() => page.getByTestId('printer-state').getAttribute('data-light')).toBe('ready');

      printer.state = { ...printer.state, paperNearEnd: true };
      await page.reload(); // opening settings asks the printer (DLE EOT)
      await page.getByTestId('screen-settings').click();
      await expect.poll(() => page.getByTestId('printer-state').getAttribute('data-light')).toBe('warning');
      await expect.poll(() => page.getByTestId('printer-status').textContent()).toBe('Хартията свършва');
      expect(await page.getByTestId('printer-status').getAttribute('data-light')).toBe('warning');

      printer.state = { ...printer.state, paperOut: true };
      await page.getByTestId('printer-test').click();
      await expect.poll(() => page.getByTestId('printer-status').getAttribute('data-light')).toBe('problem');
      expect(await page.getByTestId('printer-status').textContent()).toContain('няма хартия');
      expect(printer.printed).toHaveLength(0);

      printer.state = { online: true, paperOut: false, paperNearEnd: false, coverOpen: false };
      await page.reload();
      await page.getByTestId('screen-settings').click();
      // The roll is changed: the waiting test page prints once, and the light turns green.
      await expect.poll(() => printer.printed.length, { timeout: 10_000 }).toBe(1);
      await expect.poll(() => page.getByTestId('printer-status').getAttribute('data-light')).toBe('ready');
      await page.close();
    } finally {
      await printer.close();
    }
  });
});

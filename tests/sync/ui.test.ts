import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import type { RunningHq } from '../../hq/app';
import { serveTerminal, type Served } from '../support/serve';
import { launchChromium, logIn } from '../support/browser';
import { createChain, startTestHq } from './support';

const root = resolve(__dirname, '../..');
let hq: RunningHq | null = null;
let served: Served;
let browser: Browser;

/** Builds the renderer when the build is missing or older than its sources. */
function rendererBuilt(): void {
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
  const index = join(root, 'renderer/dist/index.html');
  if (!existsSync(index) || statSync(index).mtimeMs < newest(join(root, 'renderer/src'))) execSync('npm run build:renderer --silent', { cwd: root, stdio: 'inherit' });
}

beforeAll(async () => {
  rendererBuilt();
  hq = await startTestHq();
  served = await serveTerminal();
  browser = await launchChromium();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await hq?.close();
});

describe('sync in the UI, in Chromium', () => {
  it('shows a till on its own as standalone, lets a manager enrol it with a one-time code, then shows sync status, "sync now", and HQ going away', async () => {
    const chain = await createChain(hq!, 1);
    const { code } = await hq!.admin.createEnrolCode({ storeId: chain.stores[0]! });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(served.url);
    await logIn(page, /Мария Петрова/, '1234');

    // A till on its own says so, instead of a sync indicator or a network light that means nothing there.
    await page.getByTestId('screen-settings').click();
    await page.getByTestId('sync-settings').waitFor();
    expect(await page.getByTestId('sync-status').count()).toBe(0);
    expect(await page.getByTestId('sync-standalone').textContent()).toBe('Самостоятелен');
    expect(await page.getByTestId('sync-standalone').getAttribute('title')).toContain('не е свързана с централа');

    await page.getByTestId('sync-url').fill(hq!.url);
    await page.getByTestId('sync-code').fill('WRONG-CODE-1');
    await page.getByTestId('sync-enrol').click();
    await expect.poll(() => page.getByTestId('sync-enrol-error').textContent()).toContain('Създайте нов');

    await page.getByTestId('sync-code').fill(code);
    await page.getByTestId('sync-enrol').click();
    await page.getByTestId('sync-enrolled').waitFor();
    await page.getByTestId('sync-now').click();
    await expect.poll(() => page.getByTestId('sync-online').textContent()).toBe('Синхронизиран');
    expect(await page.getByTestId('sync-standalone').count()).toBe(0);

    await hq!.close();
    hq = null;
    await page.getByTestId('sync-now').click();
    await expect.poll(() => page.getByTestId('sync-online').textContent()).toBe('Няма връзка с централата');
    await expect.poll(() => page.getByTestId('sync-error').textContent()).toContain('Няма връзка с централата');
    await page.close();
  }, 120_000);
});

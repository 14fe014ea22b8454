import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureRendererBuilt, serveTerminal, type Served } from './serve';

/** Debian's Chromium, never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * One end-to-end file's world: a terminal served as `npm run serve` runs it, on a fresh data folder,
 * and Debian's Chromium; started before the file's tests and stopped after them.
 */
export function useServedTerminal(): { served: Served; browser: Browser } {
  const world = {} as { served: Served; browser: Browser };
  beforeAll(async () => {
    ensureRendererBuilt();
    world.served = await serveTerminal();
    world.browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await world.browser?.close();
    await world.served?.stop();
  });
  return world;
}

/** Types a PIN on the login screen's keypad and submits it. */
export async function enterPin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.locator('.pin-keys').getByRole('button', { name: digit, exact: true }).click();
  await page.getByRole('button', { name: 'Вход' }).click();
}

/** Picks a staff member on the (Bulgarian) login screen and logs in with their PIN. */
export async function logIn(page: Page, staff: RegExp, pin: string): Promise<void> {
  await page.getByRole('button', { name: staff }).click();
  await enterPin(page, pin);
}

/** What each physical key types on a Russian ЙЦУКЕН layout (lower case; Shift gives upper case). */
const russian: Record<string, string> = {
  KeyQ: 'й', KeyW: 'ц', KeyE: 'у', KeyR: 'к', KeyT: 'е', KeyY: 'н', KeyU: 'г', KeyI: 'ш', KeyO: 'щ', KeyP: 'з',
  KeyA: 'ф', KeyS: 'ы', KeyD: 'в', KeyF: 'а', KeyG: 'п', KeyH: 'р', KeyJ: 'о', KeyK: 'л', KeyL: 'д',
  KeyZ: 'я', KeyX: 'ч', KeyC: 'с', KeyV: 'м', KeyB: 'и', KeyN: 'т', KeyM: 'ь', Minus: '-',
};

function physicalKey(ch: string): { code: string; shift: boolean } {
  if (/[0-9]/.test(ch)) return { code: `Digit${ch}`, shift: false };
  if (/[A-Z]/.test(ch)) return { code: `Key${ch}`, shift: true };
  if (/[a-z]/.test(ch)) return { code: `Key${ch.toUpperCase()}`, shift: false };
  if (ch === '-') return { code: 'Minus', shift: false };
  throw new Error(`no key for ${ch}`);
}

/**
 * A keyboard-wedge scanner typing `code` + Enter at scanner speed while the OS layout is Russian:
 * each keydown carries the physical key (code) and the Cyrillic character the layout gives (key).
 * Only a decoder that reads KeyboardEvent.code can get the card code back.
 *
 * The burst is dispatched inside the page in one task, each key stamped as it is made. A real
 * scanner's keys carry the time the OS received them, so a busy till still sees a burst; keys sent
 * one by one through the DevTools protocol were spaced by how busy this test machine was (over
 * 35 ms on a loaded CI run), which tested the machine's load rather than the decoder.
 */
export async function scanUnderCyrillicLayout(page: Page, code: string): Promise<void> {
  const strokes: { type: 'keydown' | 'keyup'; code: string; key: string; shiftKey: boolean }[] = [];
  for (const ch of code) {
    const { code: physical, shift } = physicalKey(ch);
    const base = russian[physical] ?? ch.toLowerCase();
    const key = shift ? base.toUpperCase() : base;
    if (shift) strokes.push({ type: 'keydown', code: 'ShiftLeft', key: 'Shift', shiftKey: true });
    strokes.push({ type: 'keydown', code: physical, key, shiftKey: shift }, { type: 'keyup', code: physical, key, shiftKey: shift });
    if (shift) strokes.push({ type: 'keyup', code: 'ShiftLeft', key: 'Shift', shiftKey: false });
  }
  strokes.push({ type: 'keydown', code: 'Enter', key: 'Enter', shiftKey: false }, { type: 'keyup', code: 'Enter', key: 'Enter', shiftKey: false });
  await page.evaluate((keys) => {
    const target = document.activeElement ?? document.body;
    for (const k of keys) target.dispatchEvent(new KeyboardEvent(k.type, { code: k.code, key: k.key, shiftKey: k.shiftKey, bubbles: true, cancelable: true }));
  }, strokes);
}

/** 'YYYY-MM-DD' of this moment in `timeZone`. */
export const dateIn = (timeZone: string, at = Date.now()): string => new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);

/**
 * A time zone whose date differs from `storeZone`'s at this moment, for a tablet whose clock is not
 * set to the store's: Honolulu (UTC-10) and Kiritimati (UTC+14) are a day apart, so one of them
 * always is, at any hour a test runs.
 */
export const zoneOffTheStoreDate = (storeZone = 'Europe/Sofia'): string =>
  ['Pacific/Honolulu', 'Pacific/Kiritimati'].find((zone) => dateIn(zone) !== dateIn(storeZone))!;

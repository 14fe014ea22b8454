import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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
 */
export async function scanUnderCyrillicLayout(page: Page, code: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  // Queued back to back, as a scanner's keys arrive: awaiting each one from a busy test process
  // could stretch the burst past the scanner-speed gap and test the machine's load instead.
  // Each key carries the time it left the scanner, 4 ms apart, as the OS stamps a real scanner's
  // keys on arrival; the page then judges the burst by the scanner's pace, not this process's.
  const sent: Promise<unknown>[] = [];
  const start = Date.now() / 1000;
  let keys = 0;
  const send = async (params: Record<string, unknown>) =>
    void sent.push(cdp.send('Input.dispatchKeyEvent', { ...params, timestamp: start + 0.004 * keys++ } as never));
  for (const ch of code) {
    const { code: physical, shift } = physicalKey(ch);
    const base = russian[physical] ?? ch.toLowerCase();
    const key = shift ? base.toUpperCase() : base;
    const modifiers = shift ? 8 : 0;
    if (shift) await send({ type: 'rawKeyDown', code: 'ShiftLeft', key: 'Shift', windowsVirtualKeyCode: 16, modifiers });
    await send({ type: 'keyDown', code: physical, key, text: key, unmodifiedText: key, modifiers });
    await send({ type: 'keyUp', code: physical, key, modifiers });
    if (shift) await send({ type: 'keyUp', code: 'ShiftLeft', key: 'Shift', windowsVirtualKeyCode: 16 });
  }
  await send({ type: 'keyDown', code: 'Enter', key: 'Enter', text: '\r', windowsVirtualKeyCode: 13 });
  await send({ type: 'keyUp', code: 'Enter', key: 'Enter', windowsVirtualKeyCode: 13 });
  await Promise.all(sent);
  await cdp.detach();
}

/**
 * Issue 4's benchmark: scan-to-screen. From the first byte of a code arriving on a serial port
 * (serialport's mock binding: the one device that is simulated) to the customer's name on the
 * counter screen in Chromium, over 1 000 scans in a store of 100 000 customers. The page reports the
 * moment its customer name changes through an exposed function, so the figure includes that hop.
 * Also `receipt_bytes_ms`: the time to build a full stamp receipt (logo, card, points, tier,
 * rewards, QR, partner coupon) from its data to ESC/POS bytes: median and p99 over many builds.
 */
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SerialPortMock } from 'serialport';
import { createTerminal } from '../electron/app/terminal';
import { silentLogger } from '../electron/app/logger';
import { createHttpTransport } from '../electron/transport/http';
import { inStoreCardCode } from '../shared/codes/ean';
import { launchChromium } from '../tests/support/browser';
import { generateStore } from './counter';
import type { BenchFigure } from './figures';
import { nowMs, percentile, round } from './stats';
import { buildStampReceipt, type StampReceiptData } from '../shared/receipt/builders';
import { encodeDocument } from '../electron/printing/escpos';
import { printerProfiles } from '../electron/printing/profiles';

export const title = 'Scan to screen (issue 4)';
const SCANS = Number(process.env.BENCH_SCANS ?? 1000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const RECEIPTS = Number(process.env.BENCH_RECEIPTS ?? 5000);
export const notes = `${SCANS} scans on a mock serial port, ${CUSTOMERS.toLocaleString('en')} customers, Debian Chromium headless, renderer in browser mode. \`receipt_bytes_ms\`: median of ${RECEIPTS} builds of a full Cyrillic stamp receipt (384-dot logo, QR, coupon) from its data to ESC/POS bytes, 80 mm, Epson CP866; p99 in \`receipt_bytes_p99_ms\` (on a shared machine the tail is mostly the process being descheduled).`;

/** A stamp receipt with everything on it, as a busy café prints it. */
const logo = { width: 384, height: 96, bits: Buffer.from(Uint8Array.from({ length: 48 * 96 }, (_, k) => (k * 37) & 0xff)).toString('base64') };
function fullReceipt(i: number): StampReceiptData {
  return {
    store: { name: 'Кафе „Витоша“', address: ['ул. Витоша 1, София', 'тел. 02 123 4567'], logo },
    customerName: `Клиент ${i}`,
    cards: [{ name: 'Кафе', filled: i % 10, size: 10, rewardName: 'Безплатна напитка', justFilled: i % 10 === 0 }],
    points: 1200 + i,
    tier: { name: 'Сребро', next: 'Злато', percent: 60 },
    rewards: ['Безплатен кроасан', '-10% на следващата покупка'],
    qr: `https://loyaltill.bg/f/${inStoreCardCode(i + 1)}`,
    coupon: { partner: 'Книжарница Хеликон', text: '-10% на книги до края на месеца', code: 'HELI-2026' },
    at: Date.UTC(2026, 10, 22, 8, 30),
    timeZone: 'Europe/Sofia',
  };
}

/** Time from receipt data to the bytes the printer gets: document, code page, layout, encoding. */
export function receiptBytesFigures(count = RECEIPTS): BenchFigure[] {
  const profile = printerProfiles[0]!;
  let bytes = 0;
  for (let i = 0; i < 200; i++) bytes += encodeDocument(buildStampReceipt(fullReceipt(i), { locale: 'bg', width: 48 }), profile).length; // warm-up
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const data = fullReceipt(i);
    const t0 = nowMs();
    const out = encodeDocument(buildStampReceipt(data, { locale: 'bg', width: 48 }), profile);
    times.push(nowMs() - t0);
    bytes += out.length;
  }
  if (bytes === 0) throw new Error('no bytes built');
  return [
    { name: 'receipt_bytes_ms', value: round(percentile(times, 50), 3), unit: 'ms' },
    { name: 'receipt_bytes_p99_ms', value: round(percentile(times, 99), 3), unit: 'ms' },
  ];
}

const PORT_PATH = '/dev/ttyBENCH0';

export async function run(): Promise<BenchFigure[]> {
  const receipts = receiptBytesFigures();
  // Receipt figures alone (the scan run needs a 100 000-customer store and Chromium): earlier
  // scan_to_screen figures are kept as they were.
  if (process.env.BENCH_SCAN_RECEIPTS_ONLY === '1') return receipts;
  const dataDir = resolve('bench-data', 'scan');
  if (!existsSync(join(dataDir, 'till.db'))) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    generateStore(dataDir);
  }
  if (!existsSync(resolve('renderer/dist/index.html'))) throw new Error('build the renderer first: npm run build:renderer');

  SerialPortMock.binding.reset();
  SerialPortMock.binding.createPort(PORT_PATH);
  let port: SerialPortMock | null = null;
  const terminal = createTerminal({
    dataDir,
    log: silentLogger,
    devices: {
      discovery: { listSerial: async () => [{ path: PORT_PATH }], listHid: async () => [] },
      openSerial: (options) => (port = new SerialPortMock(options as ConstructorParameters<typeof SerialPortMock>[0])),
    },
  });
  const server: Server = createHttpTransport({ terminal, staticDir: resolve('renderer/dist') });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const staffId = (role: string) => (terminal.db.prepare('SELECT id FROM staff WHERE role = ?').get(role) as { id: string }).id;
  const login = async (role: string, pin: string) => ((await terminal.dispatch('staff.login', { staffId: staffId(role), pin }, null)) as { ok: true; value: { token: string } }).value.token;
  const manager = await login('manager', '1234');
  const configured = await terminal.dispatch(
    'device.configure',
    { devices: [{ id: 'serial-scanner', name: 'Bench scanner', kind: 'scanner', driver: 'serial', path: PORT_PATH, repeatWindowMs: 0 }] },
    manager,
  );
  if (!configured.ok || port === null) throw new Error(`could not open the mock scanner: ${JSON.stringify(configured)}`);
  const cashier = await login('cashier', '1111');

  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript((token) => sessionStorage.setItem('loyal-till.token', token), cashier);
  let shown: ((name: string) => void) | null = null;
  await page.exposeFunction('benchShown', (name: string) => shown?.(name));
  await page.goto(url);
  await page.getByTestId('hint').waitFor();
  await page.evaluate(() => {
    const report = (window as unknown as { benchShown(name: string): void }).benchShown;
    let last = '';
    new MutationObserver(() => {
      const name = document.querySelector('[data-testid=customer-name]')?.textContent ?? '';
      if (name !== last) {
        last = name;
        report(name);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });

  const mock = port as SerialPortMock;
  const latencies: number[] = [];
  for (let i = 0; i < SCANS + 20; i++) {
    const n = (i * 7919) % CUSTOMERS;
    const expected = `Клиент ${n}`;
    const appeared = new Promise<void>((ok) => (shown = (name) => name === expected && ok()));
    const t0 = nowMs();
    mock.port!.emitData(Buffer.from(`${inStoreCardCode(n + 1)}\r`, 'latin1'));
    await appeared;
    if (i >= 20) latencies.push(nowMs() - t0); // the first scans warm the page and the caches
  }

  await browser.close();
  await new Promise((r) => server.close(r));
  terminal.close();
  return [
    ...receipts,
    { name: 'scan_to_screen_p50_ms', value: round(percentile(latencies, 50), 2), unit: 'ms' },
    { name: 'scan_to_screen_p99_ms', value: round(percentile(latencies, 99), 2), unit: 'ms' },
  ];
}

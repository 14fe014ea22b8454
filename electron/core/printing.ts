import type { CoreDeps } from './context';
import type { Handler } from './handlers';
import type { printingCommands } from '../../shared/contract/printing';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import { buildShiftReport, buildStampReceipt, buildTestPage, type StoreHeader } from '../../shared/receipt/builders';
import { previewLines } from '../../shared/receipt/layout';
import { printableDocument } from '../../shared/receipt/printable';
import type { ReceiptDocument, Width } from '../../shared/receipt/document';
import { monoImageSchema, partnerCouponSchema, printerConfigSchema, type PrinterConfig } from '../../shared/receipt/printer';
import type { ShiftReport } from '../../shared/contract/shiftViews';
import { localText } from '../../shared/domain/program';
import type { Locale } from '../../shared/i18n/locale';
import { getSetting, setSetting } from '../db/stores/settings';
import { appendAudit } from '../db/stores/audit';
import { customerView } from './customers';
import { loyaltyStateOf } from './program';
import { describeCustomer } from '../../shared/loyalty';
import { printerProfiles, profileFor } from '../printing/profiles';

type PrintingCommand = keyof typeof printingCommands;

export function readPrinterConfig(deps: Pick<CoreDeps, 'db'>): PrinterConfig {
  const parsed = printerConfigSchema.safeParse(JSON.parse(getSetting(deps.db, 'printer') ?? '{"transport":"none"}'));
  return parsed.success ? parsed.data : { transport: 'none' };
}

/** A JSON setting that parses, or null: a damaged or absent optional setting just leaves its part out. */
function jsonSetting<T>(deps: Pick<CoreDeps, 'db'>, key: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T | null {
  const raw = getSetting(deps.db, key);
  if (raw === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const storeHeader = (deps: CoreDeps): StoreHeader => ({
  name: getSetting(deps.db, 'store.name') ?? '',
  address: (getSetting(deps.db, 'store.address') ?? '').split('\n').filter(Boolean),
  logo: jsonSetting(deps, 'store.logo', monoImageSchema),
});

const widthOf = (config: PrinterConfig): Width => (config.transport === 'none' ? 48 : config.width);

/** The stamp receipt of a customer as things stand, in the customer's language. */
export function stampReceipt(deps: CoreDeps, customerId: string, justFilled: boolean): Result<ReceiptDocument, AppError> {
  const view = customerView(deps, customerId);
  if (!view.ok) return view;
  const locale: Locale = view.value.customer.language;
  const points = deps.db.prepare("SELECT amount FROM balances WHERE customer_id = ? AND asset = 'points'").get(customerId) as { amount: number } | undefined;
  return ok(
    buildStampReceipt(
      {
        store: storeHeader(deps),
        customerName: view.value.customer.name.split(' ')[0] ?? view.value.customer.name,
        cards: view.value.stampCards.map((c) => ({ name: localText(c.name, locale), filled: c.filled, size: c.size, rewardName: localText(c.rewardName, locale), justFilled })),
        points: points ? points.amount : null,
        tier: receiptTier(deps, customerId, locale),
        rewards: view.value.rewards.map((r) => localText(r.name, locale)),
        qr: view.value.customer.cardCode ? `loyaltill:card:${view.value.customer.cardCode}` : null,
        coupon: jsonSetting(deps, 'receipt.coupon', partnerCouponSchema),
        at: deps.clock.now(),
        timeZone: getSetting(deps.db, 'store.timeZone') ?? 'Europe/Sofia',
      },
      { locale, width: widthOf(readPrinterConfig(deps)) },
    ),
  );
}

/**
 * "Silver: 60% of the way to Gold", as the counter's tier bar shows it; nothing for a program
 * without tiers, a customer below the first tier, or one already at the top.
 */
function receiptTier(deps: CoreDeps, customerId: string, locale: Locale): { name: string; next: string; percent: number } | null {
  const { document } = deps.programDocument();
  if (!document.tiers) return null;
  const now = deps.clock.now();
  const state = loyaltyStateOf(deps, customerId, document, now);
  if (!state) return null;
  const tier = describeCustomer(document, state, now, document.timeZone).tier;
  if (!tier?.tierId || !tier.next) return null;
  const nameOf = (id: string) => {
    const level = document.tiers?.levels.find((l) => l.id === id);
    return level ? localText(level.name, locale) : id;
  };
  return { name: nameOf(tier.tierId), next: nameOf(tier.next.tierId), percent: Math.floor(tier.progress * 100) };
}

export function shiftReportDocument(deps: CoreDeps, report: ShiftReport, locale: Locale): ReceiptDocument {
  return buildShiftReport(report, storeHeader(deps), getSetting(deps.db, 'store.timeZone') ?? 'Europe/Sofia', { locale, width: widthOf(readPrinterConfig(deps)) });
}

export function printingHandlers(deps: CoreDeps): { [K in PrintingCommand]: Handler<K> } {
  const info = () => ({
    config: readPrinterConfig(deps),
    state: deps.printQueue.state(),
    profiles: printerProfiles.map((p) => ({ id: p.id, name: p.name })),
  });
  const configured = (): Result<PrinterConfig, AppError> => {
    const config = readPrinterConfig(deps);
    return config.transport === 'none' ? err({ code: 'printer.not_configured' }) : ok(config);
  };
  return {
    'printer.get': async (input) => {
      if (input.check) await deps.printQueue.checkStatus();
      return ok(info());
    },
    'printer.configure': async (input, actor) => {
      await deps.printers.prepare(input.printer);
      deps.db.transaction(() => {
        setSetting(deps.db, 'printer', JSON.stringify(input.printer));
        appendAudit(deps.db, { at: deps.clock.now(), staffId: actor?.staffId ?? null, action: 'device.settings', details: { printer: input.printer.transport } });
      })();
      void deps.printQueue.drain();
      return ok(info());
    },
    'printer.simulatorOutput': (input) => {
      const sim = deps.printers.simulator();
      return ok(sim ? sim.printed.slice(-input.limit).reverse().map((p) => ({ lines: p.lines, qr: p.qr })) : []);
    },
    'printer.test': (_input, actor) => {
      const config = configured();
      if (!config.ok) return config;
      const profile = profileFor(config.value);
      return ok({ jobId: deps.printQueue.enqueue('test', buildTestPage(storeHeader(deps), profile.name, { locale: actor?.language ?? 'bg', width: widthOf(config.value) })) });
    },
    'printer.reprintLast': () => {
      const config = configured();
      if (!config.ok) return config;
      const jobId = deps.printQueue.reprintLast('receipt');
      return jobId ? ok({ jobId }) : err({ code: 'printer.nothing_to_reprint' });
    },
    'receipt.preview': (input) => {
      const doc = stampReceipt(deps, input.customerId, false);
      if (!doc.ok) return doc;
      const profile = profileFor(readPrinterConfig(deps));
      return ok({ lines: previewLines(printableDocument(doc.value, profile.codePage)), width: doc.value.width });
    },
    'receipt.print': (input) => {
      const config = configured();
      if (!config.ok) return config;
      const doc = stampReceipt(deps, input.customerId, false);
      if (!doc.ok) return doc;
      return ok({ jobId: deps.printQueue.enqueue('receipt', doc.value) });
    },
  };
}

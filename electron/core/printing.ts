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
import { localText, type CounterProgram } from '../../shared/domain/program';
import type { Locale } from '../../shared/i18n/locale';
import { getSetting, setSetting, storeTimeZone } from '../db/stores/settings';
import { appendAudit } from '../db/stores/audit';
import { customerView } from './customers';
import { readState } from './operations';
import { describeCustomer, toCounterProgram, validateProgram, type Program } from '../../shared/loyalty';
import { printerProfiles, profileFor } from '../printing/profiles';
import { buildSaleReceipt, type PrintedDiscount, type SaleReceiptData } from '../../shared/receipt/sale';
import { isLocale } from '../../shared/i18n/locale';
import { prepared } from '../db/connection';
import { saleSummaries } from '../db/stores/sales';
import { dayOfIso, startOfDay } from '../../shared/loyalty/time';
import type { SaleSummary } from '../../shared/contract/sales';
import { keptReceiptExtras } from './receiptExtras';
import { isKeptDiscount, isKeptExtra, printedExtras, type KeptDiscount, type KeptExtra } from '../../shared/receipt/extras';

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

/**
 * The stamp receipt of a customer as things stand, in the customer's language. For a quick stamp
 * (`operationId`), with what the engine chose for that stamp's receipt, as kept with it; otherwise
 * with the expiry warnings as they stand (the rule the counter shows them by).
 */
export function stampReceipt(deps: CoreDeps, customerId: string, justFilled: boolean, operationId?: string): Result<ReceiptDocument, AppError> {
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
        extras: printedExtras(deps.programDocument().document, operationId === undefined ? expiringNow(deps, customerId) : keptReceiptExtras(deps.db, operationId).filter(isKeptExtra), locale),
        at: deps.clock.now(),
        timeZone: storeTimeZone(deps.db),
      },
      { locale, width: widthOf(readPrinterConfig(deps)) },
    ),
  );
}

/** The customer's lots about to expire, as the engine's receipt warnings word them. */
function expiringNow(deps: CoreDeps, customerId: string): KeptExtra[] {
  const { document } = deps.programDocument();
  if (!document.expiry.enabled) return [];
  const now = deps.clock.now();
  const state = readState(deps, customerId, document, now);
  if (!state) return [];
  return describeCustomer(document, state, now, document.timeZone).expiring.map((x) => ({ type: 'expiry-warning', asset: x.asset, amount: x.amount, expiresAt: x.expiresAt, explanation: x.message }));
}

/**
 * "Silver: 60% of the way to Gold", as the counter's tier bar shows it; nothing for a program
 * without tiers, a customer below the first tier, or one already at the top.
 */
function receiptTier(deps: CoreDeps, customerId: string, locale: Locale): { name: string; next: string; percent: number } | null {
  const { document } = deps.programDocument();
  if (!document.tiers) return null;
  const now = deps.clock.now();
  const state = readState(deps, customerId, document, now);
  if (!state) return null;
  const tier = describeCustomer(document, state, now, document.timeZone).tier;
  if (!tier?.tierId || !tier.next) return null;
  const nameOf = (id: string) => {
    const level = document.tiers?.levels.find((l) => l.id === id);
    return level ? localText(level.name, locale) : id;
  };
  return { name: nameOf(tier.tierId), next: nameOf(tier.next.tierId), percent: Math.floor(tier.progress * 100) };
}

/**
 * The store's language, for what the store prints for anyone (the sale receipt): the setting
 * `store.language` when set, else the language of the store's country.
 */
export function storeLocale(deps: Pick<CoreDeps, 'db'>): Locale {
  const set = getSetting(deps.db, 'store.language');
  if (set !== null && isLocale(set)) return set;
  const country = getSetting(deps.db, 'store.country') ?? 'BG';
  return country === 'RU' ? 'ru' : country === 'BG' ? 'bg' : 'en';
}

interface SaleRow {
  id: string;
  number: number;
  customer_id: string | null;
  currency: string;
  subtotal_minor: number;
  discount_minor: number;
  total_minor: number;
  change_minor: number;
  operation_id: string | null;
  created_at: number;
  staff_name: string;
  reversed: 'refund' | 'void' | null;
}

/**
 * The itemised receipt of a sale, from what the sale stored (a reprint prints what was sold, at the
 * prices it was sold at), in the store's language. The loyalty part is the customer's state right
 * after the sale's own ledger operation, so a reprint next week shows the card as it was then.
 */
export function saleReceipt(deps: CoreDeps, saleId: string, options: { copy: boolean }): Result<ReceiptDocument, AppError> {
  const { db } = deps;
  const sale = prepared(
    db,
    `SELECT s.id, s.number, s.customer_id, s.currency, s.subtotal_minor, s.discount_minor, s.total_minor, s.change_minor, s.operation_id, s.created_at,
            COALESCE(st.name, s.staff_id) AS staff_name, r.kind AS reversed
     FROM sales s LEFT JOIN staff st ON st.id = s.staff_id LEFT JOIN refunds r ON r.sale_id = s.id WHERE s.id = ?`,
  ).get(saleId) as SaleRow | undefined;
  if (!sale) return err({ code: 'sale.not_found' });
  const locale = storeLocale(deps);
  const modifierName = prepared(db, 'SELECT name FROM modifiers WHERE id = ?');
  const lines = (
    prepared(db, 'SELECT line_no, name, quantity, unit_price_minor, modifiers_minor, modifiers, discount_minor, total_minor FROM sale_lines WHERE sale_id = ? ORDER BY line_no').all(sale.id) as {
      line_no: number;
      name: string;
      quantity: number;
      unit_price_minor: number;
      modifiers_minor: number;
      modifiers: string;
      discount_minor: number;
      total_minor: number;
    }[]
  ).map((l) => ({
    lineNo: l.line_no,
    name: localText(JSON.parse(l.name) as Parameters<typeof localText>[0], locale),
    quantity: l.quantity,
    itemMinor: l.unit_price_minor,
    modifiers: (JSON.parse(l.modifiers) as string[]).map((id) => {
      const row = modifierName.get(id) as { name: string } | undefined;
      return row ? localText(JSON.parse(row.name) as Parameters<typeof localText>[0], locale) : id;
    }),
    modifiersMinor: l.modifiers_minor,
    discountMinor: l.discount_minor,
    totalMinor: l.total_minor,
  }));
  const tenders = (
    prepared(db, 'SELECT kind, amount_minor, reference FROM tenders WHERE sale_id = ? ORDER BY line_no').all(sale.id) as { kind: string; amount_minor: number; reference: string | null }[]
  ).map((x) => ({ kind: x.kind, amountMinor: x.amount_minor, reference: x.reference }));
  const kept = keptReceiptExtras(db, sale.id);
  const discounts = kept.filter(isKeptDiscount);
  const data: SaleReceiptData = {
    store: storeHeader(deps),
    number: sale.number,
    at: sale.created_at,
    timeZone: storeTimeZone(db),
    staffName: sale.staff_name,
    currency: sale.currency,
    lines,
    subtotalMinor: sale.subtotal_minor,
    discountMinor: sale.discount_minor,
    ...(discounts.length > 0 ? { discounts: discounts.map((d) => printedDiscount(deps, d, locale)) } : {}),
    totalMinor: sale.total_minor,
    tenders,
    changeMinor: sale.change_minor,
    loyalty: sale.customer_id === null ? null : saleLoyalty(deps, sale.customer_id, sale.operation_id, locale),
    extras: printedExtras(deps.programDocument().document, kept.filter(isKeptExtra), locale),
    copy: options.copy,
    reversed: options.copy ? sale.reversed : null,
  };
  return ok(buildSaleReceipt(data, { locale, width: widthOf(readPrinterConfig(deps)) }));
}

/** A kept discount as the receipt names it: with the name kept then, else the program's name now. */
function printedDiscount(deps: CoreDeps, d: KeptDiscount, locale: Locale): PrintedDiscount {
  if (d.kind === 'tier') return { kind: 'tier', name: localText(d.name, locale), percent: d.percent, amountMinor: d.amountMinor };
  const name = d.name ?? deps.programDocument().document.rewards.find((r) => r.id === d.rewardId)?.name ?? null;
  return { kind: 'reward', name: name ? localText(name, locale) : d.rewardId, lineNo: d.lineNo, amountMinor: d.amountMinor };
}

function saleLoyalty(deps: CoreDeps, customerId: string, saleOperationId: string | null, locale: Locale): SaleReceiptData['loyalty'] {
  const { db } = deps;
  const customer = prepared(db, 'SELECT name FROM customers WHERE id = ?').get(customerId) as { name: string } | undefined;
  const entries = saleOperationId === null
    ? []
    : (prepared(db, 'SELECT asset, delta, kind, rule, program_version FROM ledger WHERE operation_id = ? ORDER BY rowid').all(saleOperationId) as {
        asset: string;
        delta: number;
        kind: string;
        rule: string | null;
        program_version: number;
      }[]);
  // A sale whose operation only counted a visit prints as one that earned nothing.
  const operationId = entries.length > 0 ? saleOperationId : null;
  // Balances as they stood right after this operation (or, for a sale that earned nothing, at its time).
  const asOf = operationId === null
    ? new Map<string, number>()
    : new Map(
        (
          prepared(
            db,
            `SELECT asset, SUM(delta) AS amount FROM ledger
             WHERE customer_id = ? AND rowid <= (SELECT MAX(rowid) FROM ledger WHERE operation_id = ?) GROUP BY asset`,
          ).all(customerId, operationId) as { asset: string; amount: number }[]
        ).map((b) => [b.asset, b.amount]),
      );
  // Names and card sizes as the program in force at the sale had them, so a reprint after the
  // program changed (a reward renamed, a card made shorter) prints what the customer was given.
  const { program, document } = programOfSale(deps, entries[0]?.program_version);
  const rewardName = (id: string) => {
    const name = program.rewards.find((r) => r.id === id)?.name ?? document.rewards.find((r) => r.id === id)?.name;
    return name ? localText(name, locale) : id;
  };
  const sum = (pick: (e: (typeof entries)[number]) => boolean) => entries.filter(pick).reduce((n, e) => n + e.delta, 0);
  return {
    customerName: (customer?.name ?? '').split(' ')[0] ?? '',
    rewardsUsed: entries.filter((e) => e.kind === 'redeem' && e.rule?.startsWith('reward:')).map((e) => rewardName(e.rule!.slice('reward:'.length))),
    stampsEarned: sum((e) => e.asset.startsWith('stamps:') && e.kind === 'earn'),
    cards:
      operationId === null
        ? []
        : program.stampCards.map((card) => ({
            name: localText(card.name, locale),
            filled: asOf.get(`stamps:${card.id}`) ?? 0,
            size: card.size,
            rewardName: rewardName(card.rewardId),
            justFilled: entries.some((e) => e.kind === 'convert' && e.asset === `stamps:${card.id}`),
          })),
    pointsEarned: sum((e) => e.asset === 'points' && e.delta > 0),
    pointsSpent: -sum((e) => e.asset === 'points' && e.delta < 0),
    pointsBalance: document.points === null || operationId === null ? null : (asOf.get('points') ?? 0),
  };
}

/** The program version a sale's entries were written under; the one in force for a sale with none, or a version no longer held. */
function programOfSale(deps: CoreDeps, version: number | undefined): { program: CounterProgram; document: Program } {
  const current = deps.programDocument();
  if (version === undefined || version === deps.program().version) return { program: deps.program(), document: current.document };
  const row = prepared(deps.db, 'SELECT document FROM programs WHERE version = ?').get(version) as { document: string } | undefined;
  const valid = row ? validateProgram(JSON.parse(row.document)) : null;
  return valid?.ok ? { program: toCounterProgram(valid.value), document: valid.value } : { program: deps.program(), document: current.document };
}

/**
 * Sales by number or by the store's calendar day, newest first, for reprinting an older receipt:
 * any shift, open or closed. Finding a sale reads only; the reprint itself is `receipt.printSale`.
 */
function findSales(deps: CoreDeps, input: { number?: number | undefined; day?: string | undefined; limit: number }): SaleSummary[] {
  if (input.number !== undefined) return saleSummaries(deps.db, 'WHERE s.number = ?', input.number);
  const timeZone = storeTimeZone(deps.db);
  const dayNumber = dayOfIso(input.day ?? '');
  return saleSummaries(deps.db, 'WHERE s.created_at >= ? AND s.created_at < ? ORDER BY s.number DESC LIMIT ?', startOfDay(dayNumber, timeZone), startOfDay(dayNumber + 1, timeZone), input.limit);
}

export function shiftReportDocument(deps: CoreDeps, report: ShiftReport, locale: Locale): ReceiptDocument {
  return buildShiftReport(report, storeHeader(deps), storeTimeZone(deps.db), { locale, width: widthOf(readPrinterConfig(deps)) });
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
      const doc = stampReceipt(deps, input.customerId, false, input.operationId);
      if (!doc.ok) return doc;
      const profile = profileFor(readPrinterConfig(deps));
      return ok({ lines: previewLines(printableDocument(doc.value, profile.codePage)), width: doc.value.width });
    },
    'receipt.printSale': (input) => {
      const config = configured();
      if (!config.ok) return config;
      const doc = saleReceipt(deps, input.saleId, { copy: true });
      if (!doc.ok) return doc;
      return ok({ jobId: deps.printQueue.enqueue('receipt', doc.value) });
    },
    'receipt.find': (input) => ok(findSales(deps, input)),
    'receipt.previewSale': (input) => {
      const doc = saleReceipt(deps, input.saleId, { copy: false });
      if (!doc.ok) return doc;
      const profile = profileFor(readPrinterConfig(deps));
      return ok({ lines: previewLines(printableDocument(doc.value, profile.codePage)), width: doc.value.width });
    },
    'receipt.print': (input) => {
      const config = configured();
      if (!config.ok) return config;
      const doc = stampReceipt(deps, input.customerId, false, input.operationId);
      if (!doc.ok) return doc;
      return ok({ jobId: deps.printQueue.enqueue('receipt', doc.value) });
    },
  };
}

import type { CoreDeps } from './context';
import type { Handler } from './handlers';
import { createManagerApproval } from './staff';
import { customerView } from './customers';
import { recallAnswer, rememberAnswer } from './idempotency';
import { recordEvent } from './record';
import { notesFor, readState, recordEngineRun, referrerRewardedCount, reverseRecorded, runEngine, type EngineEffects } from './operations';
import type { saleCommands, RefundResult, SaleResult } from '../../shared/contract/sales';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import { applyRewardDiscount, priceOrder, settleTenders, type OrderLine, type PricedOrder, type TierDiscount } from '../../shared/domain/sale';
import { pointsAsset, type Explanation, type PlannedEntry } from '../../shared/domain/ledger';
import { describeCustomer, evolve, localDay, tierInForce, type CustomerState, type EngineOutput, type EngineContext, type LoyaltyEvent, type Program, type ReceiptExtra, type Sale } from '../../shared/loyalty';
import { keepDiscounts, keepExtras } from '../../shared/receipt/extras';
import { keepReceiptExtras } from './receiptExtras';
import type { SaleRecord } from '../../shared/domain/events';
import { prepared } from '../db/connection';
import { appendAudit } from '../db/stores/audit';
import { loadCatalogue, saveCatalogue } from '../db/stores/catalogue';
import { openShiftRow } from '../db/stores/shifts';
import { readPrinterConfig, saleReceipt } from './printing';
import { noFiscalDevice, type FiscalDevicePort, type FiscalOutcome } from '../fiscal/port';
import { checkOfflineSpend } from '../sync/offline';
import { storeTimeZone } from '../db/stores/settings';
import { saleSummaries } from '../db/stores/sales';

type SaleCommand = keyof typeof saleCommands;

interface Priced {
  order: PricedOrder;
  walletIds: string[];
  /** Rewards bought with points on this sale. */
  boughtIds: string[];
  loyalty: CustomerLoyalty | null;
  /** The engine's redemptions so far (wallet rewards, rewards bought with points), one operation with the sale. */
  plan: LoyaltyPlan | null;
}

interface CustomerLoyalty {
  customerId: string;
  program: Program;
  /** The stored state the sale starts from (operations.ts readState). */
  state: CustomerState;
  tier: TierDiscount | null;
}

/** One sale's loyalty operation as the engine plans it, step by step (redemptions, then the sale). */
interface LoyaltyPlan {
  operationId: string;
  visitId: string | null;
  staffId: string | undefined;
  /** The state after the steps so far. */
  state: CustomerState;
  entries: PlannedEntry[];
  effects: Omit<EngineEffects, 'state'>;
  explanations: Explanation[];
  /** What the sale's own step asks to print (a partner's coupon, expiry warnings). */
  receiptExtras: ReceiptExtra[];
}

/**
 * Sales: the order is priced by the same pure function the counter shows live; completing it
 * writes the sale, lines, tenders, the loyalty operation and their outbox events in one transaction.
 * A refund or void reverses exactly the loyalty operation of the sale (stamps back, rewards given
 * back) and is recorded beside the sale, which is never changed.
 */
export function saleHandlers(deps: CoreDeps, fiscal: FiscalDevicePort = noFiscalDevice): { [K in SaleCommand]: Handler<K> } {
  const { db, clock, ids, terminalId } = deps;
  const approveManager = createManagerApproval(deps);

  /**
   * The fiscal device hears of a sale or refund only once it has committed, and never holds up the
   * counter: its answer is logged (a driver queues and retries what it could not print itself).
   */
  const tellFiscal = (what: string, id: string, send: () => Promise<FiscalOutcome>) => {
    send().then(
      (outcome) => {
        if (!outcome.ok) deps.log.error('fiscal device refused', { what, id, code: outcome.code, device: fiscal.name });
      },
      (cause: unknown) => deps.log.error('fiscal device failed', { what, id, device: fiscal.name, error: cause instanceof Error ? cause.message : String(cause) }),
    );
  };

  const viewOf = (customerId: string | null) => {
    if (customerId === null) return null;
    const view = customerView(deps, customerId);
    return view.ok ? view.value : null;
  };

  return {
    'catalogue.get': () => ok(loadCatalogue(db)),

    'catalogue.save': (input, actor) => {
      const known = new Set(input.categories.map((c) => c.id));
      const orphan = input.items.find((i) => !known.has(i.categoryId));
      if (orphan) return err({ code: 'input.invalid', params: { field: `items.${orphan.id}.categoryId` } });
      db.transaction(() => {
        saveCatalogue(db, input);
        appendAudit(db, { at: clock.now(), staffId: actor?.staffId ?? null, action: 'program.change', details: { change: 'catalogue', items: input.items.length } });
      })();
      return ok(loadCatalogue(db));
    },

    'sale.quote': (input) => {
      const customerId = input.customerId ?? null;
      if (customerId !== null && !prepared(db, 'SELECT 1 FROM customers WHERE id = ?').get(customerId)) return err({ code: 'customer.not_found' });
      const priced = priceFor(input.lines, input.rewardIds, customerId, clock.now(), { operationId: ids.newId(), visitId: null, staffId: undefined });
      if (!priced.ok) return priced;
      const quoted = withPoints(priced.value, [], true, clock.now());
      return quoted.ok ? ok(quoted.value.order) : quoted;
    },

    'sale.complete': (input, actor) => {
      const committed: { sale: SaleRecord | null } = { sale: null };
      const result = db.transaction((): Result<SaleResult, AppError> => {
        const recalled = recallAnswer<Omit<SaleResult, 'customer' | 'receiptExtras'> & { customerId: string | null; receiptExtras?: SaleResult['receiptExtras'] }>(db, input.idempotencyKey, 'sale.complete');
        if (recalled.found) {
          const { customerId: again, ...answer } = recalled.value;
          // Answers remembered before receipt extras existed have none.
          return ok({ ...answer, receiptExtras: answer.receiptExtras ?? [], customer: viewOf(again) });
        }
        const shift = openShiftRow(db, terminalId);
        if (!shift) return err({ code: 'shift.none_open' });
        const customerId = input.customerId ?? null;
        if (customerId !== null && !prepared(db, 'SELECT 1 FROM customers WHERE id = ?').get(customerId)) return err({ code: 'customer.not_found' });
        if (customerId === null && input.rewardIds.length > 0) return err({ code: 'reward.not_available', params: { rewardId: input.rewardIds[0]! } });
        const engineOperationId = ids.newId();
        const before = priceFor(input.lines, input.rewardIds, customerId, clock.now(), { operationId: engineOperationId, visitId: input.visitId ?? null, staffId: actor!.staffId });
        if (!before.ok) return before;
        const settled = settleTenders(before.value.order.totalMinor, input.tenders);
        if (!settled.ok) return settled;
        // The sale through the engine once the tenders are known: what is paid by voucher earns nothing.
        const priced = withPoints(before.value, settled.value.tenders, false, clock.now());
        if (!priced.ok) return priced;
        const order = ok(priced.value.order);

        // Loyalty: rewards used on this sale, then everything the sale earns, as one operation.
        let operationId: string | null = null;
        const plan = priced.value.plan;
        if (customerId !== null && plan !== null && before.value.loyalty !== null) {
          // Offline, rewards and points spent here count against HQ's allowance like a wallet redemption.
          const offline = checkOfflineSpend(db, {
            terminalId,
            now: clock.now(),
            timeZone: storeTimeZone(db),
            fallback: before.value.loyalty.program.offlineRedemption,
            customerId,
            rewards: before.value.walletIds.length + before.value.boughtIds.length,
            points: order.value.pointsSpent,
          });
          if (!offline.ok) return offline;
          // A sale that earned nothing is still an operation when it counted a visit: other stores count it, a refund uncounts it.
          operationId = recordEngineRun(deps, {
            customerId,
            command: 'sale.complete',
            visitId: input.visitId ?? null,
            reason: null,
            staffId: actor!.staffId,
            planned: plan.entries,
            operationId: plan.operationId,
            engine: { state: before.value.loyalty.state, ...plan.effects },
          });
        }

        const saleId = ids.newId();
        const number = ((prepared(db, 'SELECT MAX(number) AS n FROM sales').get() as { n: number | null }).n ?? 0) + 1;
        const now = clock.now();
        const o = order.value;
        prepared(
          db,
          `INSERT INTO sales (id, number, shift_id, terminal_id, staff_id, customer_id, currency, subtotal_minor, discount_minor, total_minor, change_minor, operation_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(saleId, number, shift.id, terminalId, actor!.staffId, customerId, o.currency, o.subtotalMinor, o.discountMinor, o.totalMinor, settled.value.changeMinor, operationId, now);
        const line = prepared(
          db,
          `INSERT INTO sale_lines (sale_id, line_no, item_id, name, category_id, quantity, unit_price_minor, modifiers_minor, modifiers, discount_minor, total_minor)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const l of o.lines) {
          line.run(saleId, l.lineNo, l.itemId, JSON.stringify(l.name), l.categoryId, l.quantity, l.unitPriceMinor, l.modifiersMinor, JSON.stringify(l.modifierIds), l.discountMinor, l.totalMinor);
        }
        const tender = prepared(db, 'INSERT INTO tenders (sale_id, line_no, kind, amount_minor, applied_minor, reference) VALUES (?, ?, ?, ?, ?, ?)');
        settled.value.tenders.forEach((t, i) => tender.run(saleId, i + 1, t.kind, t.amountMinor, t.appliedMinor, t.reference ?? null));
        const record: SaleRecord = {
          id: saleId,
          number,
          shiftId: shift.id,
          staffId: actor!.staffId,
          customerId,
          currency: o.currency,
          subtotalMinor: o.subtotalMinor,
          discountMinor: o.discountMinor,
          totalMinor: o.totalMinor,
          lines: o.lines.map((l) => ({
            lineNo: l.lineNo,
            itemId: l.itemId,
            categoryId: l.categoryId,
            quantity: l.quantity,
            unitPriceMinor: l.unitPriceMinor,
            modifiersMinor: l.modifiersMinor,
            discountMinor: l.discountMinor,
            totalMinor: l.totalMinor,
          })),
          tenders: settled.value.tenders.map((t) => ({ kind: t.kind, amountMinor: t.amountMinor, appliedMinor: t.appliedMinor, reference: t.reference ?? null })),
          operationId,
          createdAt: now,
        };
        recordEvent(deps, { type: 'sale.completed', sale: record });
        // Kept with the sale, before its receipt is built: a reprint prints the same coupon.
        const receiptExtras = customerId !== null && plan !== null ? keepExtras(deps.programDocument().document, plan.receiptExtras) : [];
        // With each discount and what it was (a reward, the tier's): the receipt and the Z-report tell them apart.
        if (customerId !== null) keepReceiptExtras(db, saleId, customerId, [...receiptExtras, ...keepDiscounts(deps.programDocument().document, o)]);
        const answer = { saleId, number, order: o, changeMinor: settled.value.changeMinor, openDrawer: settled.value.tenders.some((t) => t.kind === 'cash'), receiptExtras };
        // The print jobs commit with the sale: the receipt, and the drawer for cash.
        if (readPrinterConfig(deps).transport !== 'none') {
          if (answer.openDrawer) deps.printQueue.enqueue('drawer', { width: 48, blocks: [{ type: 'drawer' }] });
          // The itemised sale receipt (with the customer's card and points when there is one).
          const receipt = saleReceipt(deps, saleId, { copy: false });
          if (receipt.ok) deps.printQueue.enqueue('receipt', receipt.value);
        }
        rememberAnswer(db, input.idempotencyKey, 'sale.complete', { ...answer, customerId }, now);
        committed.sale = record;
        return ok({ ...answer, customer: viewOf(customerId) });
      })();
      const sale = committed.sale;
      if (sale) tellFiscal('sale', sale.id, () => fiscal.register(sale));
      return result;
    },

    'sale.recent': (input) => {
      const shift = openShiftRow(db, terminalId);
      if (!shift) return ok([]);
      return ok(saleSummaries(db, 'WHERE s.shift_id = ? ORDER BY s.number DESC LIMIT ?', shift.id, input.limit));
    },
    'sale.refund': (input, actor) => {
      const recalled = recallAnswer<{ refundId: string; owed?: RefundResult['owed']; notes?: Explanation[] }>(db, input.idempotencyKey, 'sale.refund');
      if (recalled.found) return ok(refundResult(recalled.value.refundId, recalled.value.owed ?? [], recalled.value.notes ?? []));
      let approvedBy = actor!.staffId;
      if (actor!.role !== 'manager') {
        if (input.managerPin === undefined) return err({ code: 'auth.manager_pin_required' });
        const approval = approveManager(input.managerPin);
        if (!approval.ok) return approval;
        approvedBy = approval.value.managerId;
      }
      const result = db.transaction((): Result<RefundResult, AppError> => {
        const sale = prepared(db, 'SELECT id, customer_id, total_minor, operation_id FROM sales WHERE id = ?').get(input.saleId) as
          | { id: string; customer_id: string | null; total_minor: number; operation_id: string | null }
          | undefined;
        if (!sale) return err({ code: 'sale.not_found' });
        if (prepared(db, 'SELECT 1 FROM refunds WHERE sale_id = ?').get(sale.id)) return err({ code: 'sale.already_refunded' });
        const shift = openShiftRow(db, terminalId);
        if (!shift) return err({ code: 'shift.none_open' });

        let reversal: string | null = null;
        let owed: RefundResult['owed'] = [];
        let notes: Explanation[] = [];
        if (sale.operation_id !== null && sale.customer_id !== null) {
          // Never refused because the points were since spent or the free drink used (issue 6): owed instead.
          const done = reverseRecorded(deps, { staffId: actor!.staffId, operationId: sale.operation_id, reason: input.reason, command: 'sale.refund', visitId: null });
          if (!done.ok) return done;
          reversal = done.value.operationId;
          owed = done.value.owed;
          notes = notesFor(deps, done.value.notes, actor!.language);
        }
        const cash = (prepared(db, "SELECT COALESCE(SUM(applied_minor), 0) AS c FROM tenders WHERE sale_id = ? AND kind = 'cash'").get(sale.id) as { c: number }).c;
        const refundId = ids.newId();
        const now = clock.now();
        prepared(
          db,
          `INSERT INTO refunds (id, sale_id, kind, shift_id, reason, staff_id, approved_by, amount_minor, cash_minor, operation_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(refundId, sale.id, input.kind, shift.id, input.reason, actor!.staffId, approvedBy, sale.total_minor, cash, reversal, now);
        recordEvent(deps, { type: 'sale.refunded', saleId: sale.id, refundId, kind: input.kind, reason: input.reason, amountMinor: sale.total_minor, approvedBy, at: now });
        appendAudit(db, { at: now, staffId: actor!.staffId, action: input.kind, details: { saleId: sale.id, amountMinor: sale.total_minor, reason: input.reason, approvedBy } });
        rememberAnswer(db, input.idempotencyKey, 'sale.refund', { refundId, owed, notes }, now);
        return ok(refundResult(refundId, owed, notes));
      })();
      if (result.ok) tellFiscal(input.kind, result.value.saleId, () => fiscal.refund(result.value.saleId, result.value.amountMinor, input.reason));
      return result;
    },
  };

  /**
   * An order as the customer pays it: rewards from the wallet and the tier discount in force
   * (priceOrder), then rewards bought with points, priced and paid by the loyalty engine on the
   * customer's stored state. Each redemption is a step of the sale's one loyalty operation; the sale
   * itself is the last step (`withPoints`, once the tenders are known).
   */
  function priceFor(
    lines: readonly OrderLine[],
    rewardIds: readonly string[],
    customerId: string | null,
    now: number,
    call: { operationId: string; visitId: string | null; staffId: string | undefined },
  ): Result<Priced, AppError> {
    const catalogue = loadCatalogue(db);
    if (customerId === null) {
      const order = priceOrder(catalogue, deps.program(), lines, rewardIds);
      return order.ok ? ok({ order: order.value, walletIds: [...rewardIds], boughtIds: [], loyalty: null, plan: null }) : order;
    }
    const loyalty = customerLoyalty(customerId, now);
    if (!loyalty) return err({ code: 'customer.not_found' });
    // A reward the wallet holds is used from the wallet; any other is bought with points.
    const wallet = new Map<string, number>();
    for (const l of loyalty.state.lots) if (l.asset.startsWith('reward:') && l.remaining > 0) wallet.set(l.asset.slice(7), (wallet.get(l.asset.slice(7)) ?? 0) + l.remaining);
    const walletIds: string[] = [];
    const boughtIds: string[] = [];
    for (const id of rewardIds) {
      const left = wallet.get(id) ?? 0;
      if (left > 0) {
        walletIds.push(id);
        wallet.set(id, left - 1);
      } else boughtIds.push(id);
    }
    const priced = priceOrder(catalogue, deps.program(), lines, walletIds, loyalty.tier);
    if (!priced.ok) return priced;
    let order = priced.value;
    const plan: LoyaltyPlan = {
      ...call,
      state: loyalty.state,
      entries: [],
      effects: { changes: [], others: [], flags: [], shortfalls: [] },
      explanations: [],
      receiptExtras: [],
    };
    for (const rewardId of walletIds) {
      const out = step(plan, { type: 'redeem', rewardId, sale: engineSale(loyalty.program, order, [], true) });
      if (!out.ok) return out;
    }
    for (const rewardId of boughtIds) {
      const out = step(plan, { type: 'redeem', rewardId, sale: engineSale(loyalty.program, order, [], true) });
      if (!out.ok) return out;
      const reward = loyalty.program.rewards.find((r) => r.id === rewardId);
      order = applyRewardDiscount(order, rewardId, out.value.discount, reward?.effect.type === 'free_item' ? reward.effect.category : null);
    }
    const spent = plan.entries.filter((e) => e.asset === pointsAsset && e.delta < 0).reduce((sum, e) => sum - e.delta, 0);
    order = { ...order, pointsSpent: spent };
    return ok({ order, walletIds, boughtIds, loyalty, plan });
  }

  /** One engine step of a sale's loyalty operation, on the state the steps before it left. */
  function step(plan: LoyaltyPlan, event: LoyaltyEvent, more: EngineContext = {}): Result<EngineOutput, AppError> {
    const referral = plan.state.referral;
    const context = { ...more, ...(referral && referral.status === 'pending' ? { referrerRewardedCount: referrerRewardedCount(db, referral.referrerId) } : {}) };
    const out = runEngine(deps, plan.state, event, {
      operationId: plan.operationId,
      visitId: plan.visitId,
      ...(plan.staffId !== undefined ? { staffId: plan.staffId } : {}),
      ...(Object.keys(context).length > 0 ? { context } : {}),
    });
    if (!out.ok) return out;
    plan.state = evolve(plan.state, out.value, clock.now());
    plan.entries.push(...out.value.entries);
    plan.effects.changes.push(...out.value.changes);
    plan.effects.others.push(...out.value.others);
    plan.effects.flags.push(...out.value.flags);
    plan.effects.shortfalls.push(...out.value.shortfalls);
    plan.explanations.push(...out.value.explanations);
    return out;
  }

  /**
   * The sale's last step through the engine with these tenders: the stamps, points, gifts
   * (birthday, big purchase, surprises, challenges, a referral) it earns, shown on the order as
   * they will be written; on a quote also the rewards the customer's points could still buy.
   */
  function withPoints(priced: Priced, tenders: readonly { kind: string; appliedMinor: number }[], offering: boolean, now: number): Result<{ order: PricedOrder; plan: LoyaltyPlan | null }, AppError> {
    const { loyalty, plan } = priced;
    if (loyalty === null || plan === null) return ok({ order: priced.order, plan: null });
    const afterRedemptions = plan.state;
    // "Every Nth sale" partner offers count the store's sales: this one gets the number it will be given.
    const storeSaleNumber = ((prepared(db, 'SELECT MAX(number) AS n FROM sales').get() as { n: number | null }).n ?? 0) + 1;
    const out = step(plan, { type: 'sale', sale: engineSale(loyalty.program, priced.order, tenders, false) }, { storeSaleNumber });
    if (!out.ok) return out;
    // Only the sale's step: a redemption step before it would repeat the same expiry warnings.
    plan.receiptExtras = out.value.receiptExtras;
    const earned = out.value.entries.filter((e) => e.kind === 'earn' && e.delta > 0);
    const points = earned.filter((e) => e.asset === pointsAsset && e.rule === 'points').reduce((sum, e) => sum + e.delta, 0);
    const stamps = new Map<string, number>();
    for (const e of earned) if (e.rule === `stamp-card:${e.asset.slice(7)}` && e.asset.startsWith('stamps:')) stamps.set(e.asset.slice(7), (stamps.get(e.asset.slice(7)) ?? 0) + e.delta);
    let offers: PricedOrder['offers'] = [];
    if (offering) {
      const state = { ...afterRedemptions, lots: afterRedemptions.lots.filter((l) => l.remaining > 0 && !l.asset.startsWith('reward:')) };
      offers = describeCustomer(loyalty.program, state, now, loyalty.program.timeZone, engineSale(loyalty.program, priced.order, [], true))
        .applicable.filter((o) => o.source === 'points' && (o.discount ?? 0) > 0)
        .map((o) => ({ rewardId: o.rewardId, name: loyalty.program.rewards.find((r) => r.id === o.rewardId)?.name ?? { bg: o.rewardId, ru: o.rewardId, en: o.rewardId }, cost: o.cost, discountMinor: o.discount ?? 0 }));
    }
    return ok({ order: { ...priced.order, points, stamps: [...stamps].map(([cardId, count]) => ({ cardId, count })), offers }, plan });
  }

  /**
   * What the loyalty engine needs to price a customer's order: the program in force and the
   * customer's stored state (tier with its grace and paid VIP, visits, marks), so the tier on
   * screen is the tier the sale is priced at.
   */
  function customerLoyalty(customerId: string, now: number): CustomerLoyalty | null {
    const { document: program } = deps.programDocument();
    const state = readState(deps, customerId, program, now);
    if (!state) return null;
    const level = tierInForce(program, state.tier, localDay(now, program.timeZone));
    return {
      customerId,
      program,
      state,
      tier: level ? { tierId: level.id, name: level.name, percent: level.benefits.discountPercent } : null,
    };
  }

  /**
   * The order as the loyalty engine reads a sale: each line at what is left to pay for it, less the
   * units a reward made free (a free drink earns no stamp).
   */
  function engineSale(program: Program, order: PricedOrder, tenders: readonly { kind: string; appliedMinor: number }[], allUnits = false): Sale {
    const free = new Map<number, number>();
    // A redemption looks for the item it makes free, so it sees every unit; the sale's earning does not.
    if (!allUnits) for (const r of order.rewards) {
      const reward = program.rewards.find((x) => x.id === r.rewardId);
      if (reward?.effect.type === 'free_item' && r.lineNo > 0) free.set(r.lineNo, (free.get(r.lineNo) ?? 0) + 1);
    }
    return {
      currency: order.currency,
      lines: order.lines.map((l) => ({
        itemId: l.itemId,
        category: l.categoryId,
        quantity: Math.max(0, l.quantity - (free.get(l.lineNo) ?? 0)),
        unitPrice: l.unitPriceMinor + l.modifiersMinor,
        amount: l.totalMinor,
      })),
      discounts: [],
      tenders: tenders.map((t) => ({ method: t.kind, amount: t.appliedMinor })),
    };
  }

  function refundResult(refundId: string, owed: RefundResult['owed'], notes: Explanation[]): RefundResult {
    const r = prepared(db, 'SELECT r.*, s.customer_id FROM refunds r JOIN sales s ON s.id = r.sale_id WHERE r.id = ?').get(refundId) as {
      sale_id: string;
      amount_minor: number;
      cash_minor: number;
      customer_id: string | null;
    };
    return { refundId, saleId: r.sale_id, amountMinor: r.amount_minor, cashMinor: r.cash_minor, customer: viewOf(r.customer_id), owed, notes };
  }
}

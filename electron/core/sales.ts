import type { CoreDeps } from './context';
import type { Handler } from './handlers';
import { createManagerApproval } from './staff';
import { customerView } from './customers';
import { recallAnswer, rememberAnswer } from './idempotency';
import { recordEvent } from './record';
import { writeOperation } from './stamps';
import type { saleCommands, RefundResult, SaleResult } from '../../shared/contract/sales';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import { decideRedeem, decideReverse, decideStamp } from '../../shared/domain/counter';
import { applyRewardDiscount, priceOrder, settleTenders, type OrderLine, type PricedOrder, type TierDiscount } from '../../shared/domain/sale';
import { pointsAsset, rewardAsset, stampAsset, type Lot, type PlannedEntry } from '../../shared/domain/ledger';
import { applyEntries, describeCustomer, emptyTier, evaluate, newCustomerState, type Program, type Sale, type VisitRecord } from '../../shared/loyalty';
import { loyaltyStateOf } from './program';
import type { SaleRecord } from '../../shared/domain/events';
import { prepared } from '../db/connection';
import { appendAudit } from '../db/stores/audit';
import { loadCatalogue, saveCatalogue } from '../db/stores/catalogue';
import { lotsById, openLots, operationEntries } from '../db/stores/ledger';
import { lotsAfter } from '../../shared/domain/counter';
import { openShiftRow } from '../db/stores/shifts';
import { readPrinterConfig, saleReceipt } from './printing';
import { noFiscalDevice, type FiscalDevicePort, type FiscalOutcome } from '../fiscal/port';

type SaleCommand = keyof typeof saleCommands;

interface Priced {
  order: PricedOrder;
  walletIds: string[];
  /** Ledger entries paying for rewards bought with points. */
  spent: PlannedEntry[];
  loyalty: CustomerLoyalty | null;
  /** The customer's lots after those payments. */
  lots: Lot[];
}

interface CustomerLoyalty {
  customerId: string;
  program: Program;
  lots: Lot[];
  visits: VisitRecord[];
  tier: TierDiscount | null;
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
      const priced = priceFor(input.lines, input.rewardIds, customerId, clock.now());
      return priced.ok ? ok(withPoints(priced.value, [], true, clock.now()).order) : priced;
    },

    'sale.complete': (input, actor) => {
      const committed: { sale: SaleRecord | null } = { sale: null };
      const result = db.transaction((): Result<SaleResult, AppError> => {
        const recalled = recallAnswer<Omit<SaleResult, 'customer'> & { customerId: string | null }>(db, input.idempotencyKey, 'sale.complete');
        if (recalled.found) {
          const { customerId: again, ...answer } = recalled.value;
          return ok({ ...answer, customer: viewOf(again) });
        }
        const shift = openShiftRow(db, terminalId);
        if (!shift) return err({ code: 'shift.none_open' });
        const program = deps.program();
        const customerId = input.customerId ?? null;
        if (customerId !== null && !prepared(db, 'SELECT 1 FROM customers WHERE id = ?').get(customerId)) return err({ code: 'customer.not_found' });
        if (customerId === null && input.rewardIds.length > 0) return err({ code: 'reward.not_available', params: { rewardId: input.rewardIds[0]! } });
        const before = priceFor(input.lines, input.rewardIds, customerId, clock.now());
        if (!before.ok) return before;
        const settled = settleTenders(before.value.order.totalMinor, input.tenders);
        if (!settled.ok) return settled;
        // Points once the tenders are known: what is paid by voucher earns none.
        const priced = ok(withPoints(before.value, settled.value.tenders, false, clock.now()));
        const order = ok(priced.value.order);

        // Loyalty: rewards used on this sale, then the stamps its items earn, as one operation.
        let operationId: string | null = null;
        if (customerId !== null) {
          const planned: PlannedEntry[] = [];
          for (const rewardId of before.value.walletIds) {
            const asset = rewardAsset(rewardId);
            const redeem = decideRedeem(rewardId, lotsAfter(openLots(db, customerId, asset), planned, asset, clock.now()), () => ids.newId());
            if (!redeem.ok) return redeem;
            planned.push(...redeem.value);
          }
          for (const earned of order.value.stamps) {
            const card = program.stampCards.find((c) => c.id === earned.cardId)!;
            planned.push(...decideStamp(card, openLots(db, customerId, stampAsset(card.id)), earned.count, clock.now(), () => ids.newId()).entries);
          }
          planned.push(...before.value.spent, ...priced.value.earned);
          if (planned.length > 0) {
            operationId = writeOperation(deps, {
              customerId,
              command: 'sale.complete',
              visitId: input.visitId ?? null,
              reason: null,
              staffId: actor!.staffId,
              planned,
            });
          }
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
        const answer = { saleId, number, order: o, changeMinor: settled.value.changeMinor, openDrawer: settled.value.tenders.some((t) => t.kind === 'cash') };
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
      const rows = prepared(
        db,
        `SELECT s.id, s.number, s.total_minor, s.created_at, c.name AS customer_name, COALESCE(st.name, s.staff_id) AS staff_name, r.kind AS refunded
         FROM sales s LEFT JOIN customers c ON c.id = s.customer_id LEFT JOIN staff st ON st.id = s.staff_id LEFT JOIN refunds r ON r.sale_id = s.id
         WHERE s.shift_id = ? ORDER BY s.number DESC LIMIT ?`,
      ).all(shift.id, input.limit) as { id: string; number: number; total_minor: number; created_at: number; customer_name: string | null; staff_name: string; refunded: 'refund' | 'void' | null }[];
      return ok(
        rows.map((r) => ({ saleId: r.id, number: r.number, totalMinor: r.total_minor, customerName: r.customer_name, staffName: r.staff_name, createdAt: r.created_at, refunded: r.refunded })),
      );
    },
    'sale.refund': (input, actor) => {
      const recalled = recallAnswer<{ refundId: string }>(db, input.idempotencyKey, 'sale.refund');
      if (recalled.found) return ok(refundResult(recalled.value.refundId));
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
        if (sale.operation_id !== null && sale.customer_id !== null) {
          const entries = operationEntries(db, sale.operation_id);
          const touched = new Set<string>();
          for (const e of entries) {
            touched.add(e.id);
            for (const u of e.uses) touched.add(u.lotId);
          }
          const planned = decideReverse(entries, lotsById(db, [...touched]) as ReadonlyMap<string, Lot>, input.reason, () => ids.newId());
          if (!planned.ok) return planned;
          reversal = writeOperation(deps, {
            customerId: sale.customer_id,
            command: 'sale.refund',
            visitId: null,
            reason: input.reason,
            staffId: actor!.staffId,
            planned: planned.value,
          });
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
        rememberAnswer(db, input.idempotencyKey, 'sale.refund', { refundId }, now);
        return ok(refundResult(refundId));
      })();
      if (result.ok) tellFiscal(input.kind, result.value.saleId, () => fiscal.refund(result.value.saleId, result.value.amountMinor, input.reason));
      return result;
    },
  };

  /**
   * An order as the customer pays it: rewards from the wallet and the tier discount (priceOrder),
   * then rewards bought with points, priced and paid by the loyalty engine. The points it earns
   * depend on the tenders: `withPoints` adds them once they are known.
   */
  function priceFor(lines: readonly OrderLine[], rewardIds: readonly string[], customerId: string | null, now: number): Result<Priced, AppError> {
    const catalogue = loadCatalogue(db);
    if (customerId === null) {
      const order = priceOrder(catalogue, deps.program(), lines, rewardIds);
      return order.ok ? ok({ order: order.value, walletIds: [...rewardIds], spent: [], loyalty: null, lots: [] }) : order;
    }
    const loyalty = customerLoyalty(customerId, now);
    // A reward the wallet holds is used from the wallet; any other is bought with points.
    const wallet = new Map<string, number>();
    for (const l of loyalty.lots) if (l.asset.startsWith('reward:')) wallet.set(l.asset.slice(7), (wallet.get(l.asset.slice(7)) ?? 0) + l.remaining);
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
    const spent: PlannedEntry[] = [];
    let lots = loyalty.lots;
    for (const rewardId of boughtIds) {
      const out = evaluate({
        program: loyalty.program,
        state: newCustomerState(customerId, 0, { lots: lots.filter((l) => !l.asset.startsWith('reward:')), visits: loyalty.visits, tier: { ...emptyTier, tierId: loyalty.tier?.tierId ?? null } }),
        event: { type: 'redeem', rewardId, sale: engineSale(order, []) },
        now,
        timeZone: loyalty.program.timeZone,
        operationId: 'sale',
        newId: () => ids.newId(),
      });
      if (!out.ok) return out;
      const reward = loyalty.program.rewards.find((r) => r.id === rewardId);
      order = applyRewardDiscount(order, rewardId, out.value.discount, reward?.effect.type === 'free_item' ? reward.effect.category : null);
      spent.push(...out.value.entries);
      lots = applyEntries(lots, out.value.entries, now);
    }
    order = { ...order, pointsSpent: -spent.filter((e) => e.asset === pointsAsset).reduce((sum, e) => sum + e.delta, 0) };
    return ok({ order, walletIds, spent, loyalty, lots });
  }

  /**
   * The points the sale earns with these tenders and, on a quote, the rewards the customer's points
   * could still buy for this order (`offers`, empty on a completed sale).
   */
  function withPoints(priced: Priced, tenders: readonly { kind: string; appliedMinor: number }[], offering: boolean, now: number): { order: PricedOrder; earned: PlannedEntry[] } {
    const { loyalty, lots } = priced;
    if (loyalty === null) return { order: priced.order, earned: [] };
    const earned = pointsEntries(loyalty, priced.order, tenders, now);
    let offers: PricedOrder['offers'] = [];
    if (offering) {
      const state = newCustomerState(loyalty.customerId, 0, { lots: lots.filter((l) => l.remaining > 0 && !l.asset.startsWith('reward:')), visits: loyalty.visits });
      offers = describeCustomer(loyalty.program, state, now, loyalty.program.timeZone, engineSale(priced.order, []))
        .applicable.filter((o) => o.source === 'points' && (o.discount ?? 0) > 0)
        .map((o) => ({ rewardId: o.rewardId, name: loyalty.program.rewards.find((r) => r.id === o.rewardId)?.name ?? { bg: o.rewardId, ru: o.rewardId, en: o.rewardId }, cost: o.cost, discountMinor: o.discount ?? 0 }));
    }
    return { order: { ...priced.order, points: earned.reduce((sum, e) => sum + e.delta, 0), offers }, earned };
  }

  /**
   * What the loyalty engine needs to price a customer's order: the program in force and the
   * customer's state as the counter shows it (loyaltyStateOf: open lots, visits in the window, and
   * the tier that window qualifies for), so the tier on screen is the tier the sale is priced at.
   */
  function customerLoyalty(customerId: string, now: number): CustomerLoyalty {
    const { document: program } = deps.programDocument();
    const state = loyaltyStateOf(deps, customerId, program, now);
    const level = program.tiers?.levels.find((l) => l.id === state?.tier.tierId) ?? null;
    return {
      customerId,
      program,
      lots: state?.lots ?? [],
      visits: state?.visits ?? [],
      tier: level ? { tierId: level.id, name: level.name, percent: level.benefits.discountPercent } : null,
    };
  }

  /**
   * The points the priced order earns, as the loyalty engine decides them (rate, rounding, category
   * and tier multipliers, tenders that earn nothing). Only the engine's points entries are kept:
   * stamps and rewards on a sale follow the counter's stamp card deciders above.
   */
  function pointsEntries(loyalty: CustomerLoyalty, order: PricedOrder, tenders: readonly { kind: string; appliedMinor: number }[], now: number): PlannedEntry[] {
    if (!loyalty.program.points) return [];
    const state = newCustomerState(loyalty.customerId, 0, {
      lots: loyalty.lots,
      visits: loyalty.visits,
      tier: { ...emptyTier, tierId: loyalty.tier?.tierId ?? null },
    });
    const out = evaluate({
      program: loyalty.program,
      state,
      event: {
        type: 'sale',
        sale: engineSale(order, tenders),
      },
      now,
      timeZone: loyalty.program.timeZone,
      operationId: 'sale',
      newId: () => ids.newId(),
    });
    if (!out.ok) {
      deps.log.error('points not priced', { code: out.error.code });
      return [];
    }
    return out.value.entries.filter((e) => e.asset === pointsAsset && e.rule === 'points' && e.kind === 'earn' && e.delta > 0);
  }

  /** The order as the loyalty engine reads a sale: each line at what is left to pay for it. */
  function engineSale(order: PricedOrder, tenders: readonly { kind: string; appliedMinor: number }[]): Sale {
    return {
      currency: order.currency,
      lines: order.lines.map((l) => ({ itemId: l.itemId, category: l.categoryId, quantity: l.quantity, unitPrice: l.unitPriceMinor + l.modifiersMinor, amount: l.totalMinor })),
      discounts: [],
      tenders: tenders.map((t) => ({ method: t.kind, amount: t.appliedMinor })),
    };
  }

  function refundResult(refundId: string): RefundResult {
    const r = prepared(db, 'SELECT r.*, s.customer_id FROM refunds r JOIN sales s ON s.id = r.sale_id WHERE r.id = ?').get(refundId) as {
      sale_id: string;
      amount_minor: number;
      cash_minor: number;
      customer_id: string | null;
    };
    return { refundId, saleId: r.sale_id, amountMinor: r.amount_minor, cashMinor: r.cash_minor, customer: viewOf(r.customer_id) };
  }
}

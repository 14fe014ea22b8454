import type { CoreDeps } from './context';
import type { Handler } from './handlers';
import type { programCommands, SimulationResult } from '../../shared/contract/program';
import { err, ok } from '../../shared/result';
import { describeCustomer, evaluate, localDay, newCustomerState, templates, validateProgram, type CustomerState, type Program, type VisitRecord } from '../../shared/loyalty';
import { pointsAsset, stampAsset, type Lot } from '../../shared/domain/ledger';
import { prepared } from '../db/connection';
import { openLotsOfCustomer } from '../db/stores/ledger';
import { appendAudit } from '../db/stores/audit';
import { recordEvent } from './record';
import { readState, velocityFlags } from './operations';

type ProgramCommand = keyof typeof programCommands;
const DAY = 86_400_000;

/**
 * The program as versioned data. Publishing validates and writes a new version; sales record the
 * version they were evaluated with (ledger.program_version), so an old sale is always explained by
 * the program it was made under.
 */
export function programHandlers(deps: CoreDeps): { [K in ProgramCommand]: Handler<K> } {
  const { db, clock } = deps;
  return {
    'program.get': () => {
      const { document, publishedAt } = deps.programDocument();
      return ok({ version: document.version, publishedAt, document });
    },

    'program.templates': () =>
      ok(
        Object.entries(templates).flatMap(([id, make]) => {
          // Templates are tested to validate; parsing fills every default so the editor shows them.
          const valid = validateProgram(make());
          return valid.ok ? [{ id, document: valid.value }] : [];
        }),
      ),

    'program.validate': (input) => {
      const valid = validateProgram(input.document);
      return ok({ valid: valid.ok, issues: valid.ok ? [] : valid.error });
    },

    'program.simulate': (input) => {
      const valid = validateProgram(input.document);
      if (!valid.ok) return ok({ valid: false, issues: valid.error, result: null });
      const program = valid.value;
      const now = clock.now();
      // A customer as the manager describes them: their balances as one lot each.
      const lots: Lot[] = [
        ...Object.entries(input.customer.stamps).map(([cardId, n], i) => ({ entryId: `sim-stamps-${i}`, asset: stampAsset(cardId), remaining: n, createdAt: now - DAY, expiresAt: null })),
        ...(input.customer.points > 0 ? [{ entryId: 'sim-points', asset: pointsAsset, remaining: input.customer.points, createdAt: now - DAY, expiresAt: null }] : []),
      ].filter((l) => l.remaining > 0);
      const state = newCustomerState('simulated', now - input.customer.enrolledDaysAgo * DAY, {
        lots,
        birthday: input.customer.birthday ?? null,
        firstName: input.customer.firstName ?? null,
        tier: { tierId: input.customer.tierId ?? null, reviewDay: null, graceUntilDay: null, vip: null },
      });
      let n = 0;
      const output = evaluate({
        program,
        state,
        event: {
          type: 'sale',
          sale: {
            currency: program.currency,
            lines: input.sale.lines.map((l) => ({ itemId: l.itemId, category: l.category, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.unitPrice * l.quantity })),
            discounts: [],
            tenders: [{ method: 'cash', amount: input.sale.lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0) }],
          },
        },
        now,
        timeZone: program.timeZone,
        operationId: 'simulation',
        newId: () => `sim-${++n}`,
      });
      if (!output.ok) return output;
      const result: SimulationResult = {
        entries: output.value.entries.map((e) => ({ asset: e.asset, delta: e.delta, kind: e.kind, explanation: e.explanation })),
        explanations: output.value.explanations,
        rewardsOffered: output.value.rewardsOffered,
        flags: output.value.flags,
        receiptExtras: output.value.receiptExtras,
      };
      return ok({ valid: true, issues: [], result });
    },

    'loyalty.summary': (input) => {
      const { document } = deps.programDocument();
      const now = clock.now();
      // The stored state (tier with its grace, marks, counters): what the next sale will read.
      const state = readState(deps, input.customerId, document, now);
      if (!state) return err({ code: 'customer.not_found' });
      const sale =
        input.lines.length === 0
          ? null
          : {
              currency: document.currency,
              lines: input.lines.map((l) => ({ ...l, amount: l.unitPrice * l.quantity })),
              discounts: [],
              tenders: [],
            };
      return ok({ programVersion: document.version, program: document, summary: describeCustomer(document, state, now, document.timeZone, sale) });
    },

    'loyalty.flags': (input) => {
      const { document } = deps.programDocument();
      const fromDay = localDay(clock.now(), document.timeZone) - input.days + 1;
      return ok(velocityFlags(db, { fromDay, ...(input.customerId !== undefined ? { customerId: input.customerId } : {}) }));
    },

    'program.publish': (input, actor) => {
      const valid = validateProgram(input.document);
      if (!valid.ok) return ok({ valid: false, issues: valid.error, version: null });
      const version = db.transaction(() => {
        const next = ((prepared(db, 'SELECT MAX(version) AS v FROM programs').get() as { v: number | null }).v ?? 0) + 1;
        const document: Program = { ...valid.value, version: next };
        const now = clock.now();
        prepared(db, 'INSERT INTO programs (version, document, published_at) VALUES (?, ?, ?)').run(next, JSON.stringify(document), now);
        appendAudit(db, { at: now, staffId: actor?.staffId ?? null, action: 'program.change', details: { version: next, name: document.name } });
        recordEvent(deps, { type: 'program.published', version: next, document, publishedAt: now });
        return next;
      })();
      deps.invalidateProgram();
      return ok({ valid: true, issues: [], version });
    },
  };
}

/**
 * A customer's loyalty state as derived from the ledger and sales alone: what seeds the stored
 * state (migration 011, operations.ts readState) of a customer who has none yet. Their open lots,
 * birthday, first name and phone, and their visits in the longest window a rule looks back (sales
 * and stamp operations, grouped by visit; refunded sales and undone operations left out). Until
 * the engine's own state (tier reviews, "given this year" marks, counters) is stored beside the
 * ledger, the tier is the one the window qualifies for.
 */
export function loyaltyStateOf(deps: CoreDeps, customerId: string, program: Program, now: number): CustomerState | null {
  const { db } = deps;
  const row = prepared(db, 'SELECT name, phone, birthday, enrolled_at FROM customers WHERE id = ?').get(customerId) as
    | { name: string; phone: string | null; birthday: string | null; enrolled_at: number }
    | undefined;
  if (!row) return null;
  const lots = openLotsOfCustomer(db, customerId);

  const windowDays = Math.max(1, program.tiers?.windowDays ?? 0, ...program.challenges.map((c) => c.withinDays), ...program.surprises.map((s) => s.regularDays));
  const since = now - (windowDays + 1) * DAY;
  const byVisit = new Map<string, VisitRecord>();
  const visitOfOperation = new Map<string, string>();
  const operations = prepared(
    db,
    `SELECT COALESCE(l.visit_id, l.operation_id) AS visit, l.operation_id AS operation, MIN(l.created_at) AS at FROM ledger l
     WHERE l.customer_id = ? AND l.created_at >= ? AND l.kind = 'earn' AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.reverses_id = l.id)
     GROUP BY l.operation_id`,
  ).all(customerId, since) as { visit: string; operation: string; at: number }[];
  for (const o of operations) {
    visitOfOperation.set(o.operation, o.visit);
    if (!byVisit.has(o.visit)) byVisit.set(o.visit, { id: o.visit, day: localDay(o.at, program.timeZone), spend: 0 });
  }
  const sales = prepared(
    db,
    `SELECT s.id, s.operation_id, s.total_minor, s.created_at FROM sales s
     WHERE s.customer_id = ? AND s.created_at >= ? AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.sale_id = s.id)`,
  ).all(customerId, since) as { id: string; operation_id: string | null; total_minor: number; created_at: number }[];
  for (const s of sales) {
    const visit = (s.operation_id !== null ? visitOfOperation.get(s.operation_id) : undefined) ?? s.id;
    const known = byVisit.get(visit) ?? { id: visit, day: localDay(s.created_at, program.timeZone), spend: 0 };
    byVisit.set(visit, { ...known, spend: known.spend + s.total_minor });
  }
  const visits = [...byVisit.values()].sort((a, b) => a.day - b.day || (a.id < b.id ? -1 : 1));
  const state = newCustomerState(customerId, row.enrolled_at, {
    birthday: row.birthday,
    firstName: row.name.trim().split(/\s+/)[0] ?? null,
    phone: row.phone,
    lots,
    visits,
    counters: { visits: visits.length },
  });
  const today = localDay(now, program.timeZone);
  let tierId: string | null = null;
  if (program.tiers) {
    const from = today - program.tiers.windowDays + 1;
    const metric = visits.filter((v) => v.day >= from && v.day <= today).reduce((a, v) => a + (program.tiers?.basis === 'spend' ? v.spend : 1), 0);
    for (const level of program.tiers.levels) if (metric >= level.threshold) tierId = level.id;
  }
  return { ...state, tier: { ...state.tier, tierId } };
}

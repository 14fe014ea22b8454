import type { CoreDeps } from './context';
import type { Handler } from './handlers';
import type { programCommands, SimulationResult } from '../../shared/contract/program';
import { ok } from '../../shared/result';
import { evaluate, newCustomerState, templates, validateProgram, type Program } from '../../shared/loyalty';
import { pointsAsset, stampAsset, type Lot } from '../../shared/domain/ledger';
import { prepared } from '../db/connection';
import { appendAudit } from '../db/stores/audit';
import { recordEvent } from './record';

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
      const state = newCustomerState('simulated', now - input.customer.enrolledDaysAgo * DAY, { lots, birthday: input.customer.birthday ?? null });
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

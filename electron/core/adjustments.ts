import { prepared } from '../db/connection';
import type { Actor, CoreDeps } from './context';
import type { Handler } from './handlers';
import { customerView } from './customers';
import { recallAnswer, rememberAnswer } from './idempotency';
import { writeOperation } from './stamps';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import type { ParsedInputOf } from '../../shared/contract';
import type { AdjustResult, backofficeCommands } from '../../shared/contract/backoffice';
import { decideAdjust } from '../../shared/domain/adjust';
import { appendAudit } from '../db/stores/audit';
import { balances, openLots } from '../db/stores/ledger';
import { exportData } from './export';

type AdjustAnswer = Omit<AdjustResult, 'view' | 'balance'> & { customerId: string };

/**
 * A manager's manual adjustment: stamps, points or rewards added or removed with a reason, as one
 * ledger operation (kind 'adjust') with its outbox event and an audit record, in one transaction.
 * The decision itself is shared/domain/adjust.ts; here are the lots it reads and the writes.
 */
export function adjustBalance(deps: CoreDeps, actor: Actor, input: ParsedInputOf<'ledger.adjust'>): Result<AdjustResult, AppError> {
  const { db } = deps;
  const answer = db.transaction((): Result<AdjustAnswer, AppError> => {
    const recalled = recallAnswer<AdjustAnswer>(db, input.idempotencyKey, 'ledger.adjust');
    if (recalled.found) return ok(recalled.value);
    if (recalled.conflict) return err({ code: 'input.invalid', params: { field: 'idempotencyKey' } });
    if (!prepared(db, 'SELECT 1 FROM customers WHERE id = ?').get(input.customerId)) return err({ code: 'customer.not_found' });
    const program = deps.program();
    const decision = decideAdjust(
      {
        stampCards: program.stampCards,
        rewardIds: [...program.rewards.map((r) => r.id), ...deps.programDocument().document.rewards.map((r) => r.id)],
        points: deps.programDocument().document.points !== null,
      },
      openLots(db, input.customerId, input.asset),
      { asset: input.asset, change: input.change, reason: input.reason },
      deps.clock.now(),
      () => deps.ids.newId(),
    );
    if (!decision.ok) return decision;
    const operationId = writeOperation(deps, {
      customerId: input.customerId,
      command: 'ledger.adjust',
      visitId: null,
      reason: input.reason,
      staffId: actor.staffId,
      planned: decision.value.entries,
    });
    appendAudit(db, {
      at: deps.clock.now(),
      staffId: actor.staffId,
      action: 'adjustment',
      details: { operationId, customerId: input.customerId, asset: input.asset, change: input.change, reason: input.reason },
    });
    const value = { operationId, asset: input.asset, change: input.change, rewardsEarned: decision.value.rewardsEarned, customerId: input.customerId };
    rememberAnswer(db, input.idempotencyKey, 'ledger.adjust', value, deps.clock.now());
    return ok(value);
  })();
  if (!answer.ok) return answer;
  const view = customerView(deps, answer.value.customerId);
  if (!view.ok) return view;
  const { customerId, ...rest } = answer.value;
  return ok({ ...rest, balance: balances(db, customerId).get(rest.asset) ?? 0, view: view.value });
}

type BackofficeCommand = keyof typeof backofficeCommands;

export function backofficeHandlers(deps: CoreDeps): { [K in BackofficeCommand]: Handler<K> } {
  return {
    'ledger.adjust': (input, actor) => (actor ? adjustBalance(deps, actor, input) : err({ code: 'auth.required' })),
    'data.export': (input, actor) => (actor ? exportData(deps, actor, input) : err({ code: 'auth.required' })),
  };
}

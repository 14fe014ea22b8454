import type { CoreDeps, Actor } from './context';
import { customerView } from './customers';
import { recallAnswer, rememberAnswer } from './idempotency';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import type { ParsedInputOf } from '../../shared/contract';
import type { RedeemResult, ReverseResult, StampResult } from '../../shared/contract/views';
import { rewardAsset, stampAsset } from '../../shared/domain/ledger';
import { operationEntries } from '../db/stores/ledger';
import { appendAudit } from '../db/stores/audit';
import { effectsOf, notesFor, readState, reverseRecorded, runEngine, writeOperation } from './operations';
import { checkOfflineSpend } from '../sync/offline';
import { storeTimeZone } from '../db/stores/settings';
import { keepReceiptExtras } from './receiptExtras';
import { keepExtras } from '../../shared/receipt/extras';

/** A reversal within this long of the entry, in the same visit, needs no manager. */
export const SAME_VISIT_MS = 30 * 60 * 1000;

export { writeOperation, type Operation } from './operations';

type StampAnswer = Omit<StampResult, 'view'>;

export function addStamps(deps: CoreDeps, actor: Actor, input: ParsedInputOf<'stamp.add'>): Result<StampResult, AppError> {
  const program = deps.program();
  const card = input.cardId === undefined ? program.stampCards[0] : program.stampCards.find((c) => c.id === input.cardId);
  if (!card) return err({ code: 'input.invalid', params: { field: 'cardId' } });
  const answer = deps.db.transaction((): Result<StampAnswer, AppError> => {
    const recalled = recallAnswer<StampAnswer>(deps.db, input.idempotencyKey, 'stamp.add');
    if (recalled.found) return ok(recalled.value);
    if (recalled.conflict) return err({ code: 'input.invalid', params: { field: 'idempotencyKey' } });
    // readState finds no state for an unknown customer: that is the "not found".
    const state = readState(deps, input.customerId, deps.programDocument().document, deps.clock.now());
    if (!state) return err({ code: 'customer.not_found' });
    // Through the engine: the visit, occasions due (a birthday drink), velocity, a full card's reward.
    const engineOperationId = deps.ids.newId();
    const out = runEngine(deps, state, { type: 'quick-stamp', cardId: card.id, count: input.count }, { operationId: engineOperationId, visitId: input.visitId, staffId: actor.staffId });
    if (!out.ok) return out;
    const operationId = writeOperation(deps, {
      customerId: input.customerId,
      command: 'stamp.add',
      visitId: input.visitId,
      reason: null,
      staffId: actor.staffId,
      planned: out.value.entries,
      operationId: engineOperationId,
      engine: effectsOf(state, out.value),
    });
    // Expiry warnings for the stamp receipt of this stamp, kept with it (migration 012).
    keepReceiptExtras(deps.db, operationId, input.customerId, keepExtras(deps.programDocument().document, out.value.receiptExtras));
    const decision = { rewardsEarned: out.value.entries.filter((e) => e.kind === 'convert' && e.asset === stampAsset(card.id)).length };
    const value = { operationId, stampsAdded: input.count, rewardsEarned: decision.rewardsEarned };
    rememberAnswer(deps.db, input.idempotencyKey, 'stamp.add', value, deps.clock.now());
    return ok(value);
  })();
  if (!answer.ok) return answer;
  const view = customerView(deps, input.customerId);
  return view.ok ? ok({ ...answer.value, view: view.value }) : view;
}

type RedeemAnswer = Omit<RedeemResult, 'view'>;

export function redeemReward(deps: CoreDeps, actor: Actor, input: ParsedInputOf<'reward.redeem'>): Result<RedeemResult, AppError> {
  const answer = deps.db.transaction((): Result<RedeemAnswer, AppError> => {
    const recalled = recallAnswer<RedeemAnswer>(deps.db, input.idempotencyKey, 'reward.redeem');
    if (recalled.found) return ok(recalled.value);
    if (recalled.conflict) return err({ code: 'input.invalid', params: { field: 'idempotencyKey' } });
    // readState finds no state for an unknown customer: that is the "not found".
    const state = readState(deps, input.customerId, deps.programDocument().document, deps.clock.now());
    if (!state) return err({ code: 'customer.not_found' });
    // From the wallet only: buying a reward with points happens on a sale.
    if (!state.lots.some((l) => l.asset === rewardAsset(input.rewardId) && l.remaining > 0)) return err({ code: 'reward.not_available', params: { rewardId: input.rewardId } });
    const engineOperationId = deps.ids.newId();
    const out = runEngine(deps, state, { type: 'redeem', rewardId: input.rewardId, sale: null }, { operationId: engineOperationId, visitId: input.visitId, staffId: actor.staffId });
    if (!out.ok) return out;
    const offline = checkOfflineSpend(deps.db, {
      terminalId: deps.terminalId,
      now: deps.clock.now(),
      timeZone: storeTimeZone(deps.db),
      fallback: deps.programDocument().document.offlineRedemption,
      customerId: input.customerId,
      rewards: 1,
      points: 0,
    });
    if (!offline.ok) return offline;
    const operationId = writeOperation(deps, {
      customerId: input.customerId,
      command: 'reward.redeem',
      visitId: input.visitId,
      reason: null,
      staffId: actor.staffId,
      planned: out.value.entries,
      operationId: engineOperationId,
      engine: effectsOf(state, out.value),
    });
    const value = { operationId, rewardId: input.rewardId };
    rememberAnswer(deps.db, input.idempotencyKey, 'reward.redeem', value, deps.clock.now());
    return ok(value);
  })();
  if (!answer.ok) return answer;
  const view = customerView(deps, input.customerId);
  return view.ok ? ok({ ...answer.value, view: view.value }) : view;
}

type ReverseAnswer = Omit<ReverseResult, 'view'> & { customerId: string };

/**
 * Undo by compensating entries. The same visit (same visit id, within 30 minutes) is the cashier's
 * to fix; anything older needs a manager, logged in or approving with a PIN on the spot.
 */
export function reverseOperation(
  deps: CoreDeps,
  actor: Actor,
  input: ParsedInputOf<'ledger.reverse'>,
  approveManager: (pin: string) => Result<{ managerId: string }, AppError>,
): Result<ReverseResult, AppError> {
  const { db } = deps;
  const recalled = recallAnswer<ReverseAnswer>(db, input.idempotencyKey, 'ledger.reverse');
  let approvedBy: string | null = null;
  if (!recalled.found) {
    const entries = operationEntries(db, input.operationId);
    if (entries.length === 0) return err({ code: 'ledger.entry_not_found' });
    const first = entries[0]!;
    const sameVisit =
      input.visitId !== undefined && first.visitId === input.visitId && deps.clock.now() - first.createdAt <= SAME_VISIT_MS;
    if (!sameVisit && actor.role !== 'manager') {
      if (input.managerPin === undefined) return err({ code: 'auth.manager_pin_required' });
      const approval = approveManager(input.managerPin);
      if (!approval.ok) return approval;
      approvedBy = approval.value.managerId;
    }
  }
  const answer = db.transaction((): Result<ReverseAnswer, AppError> => {
    const again = recallAnswer<ReverseAnswer>(db, input.idempotencyKey, 'ledger.reverse');
    if (again.found) return ok(again.value);
    if (again.conflict) return err({ code: 'input.invalid', params: { field: 'idempotencyKey' } });
    const done = reverseRecorded(deps, { staffId: actor.staffId, operationId: input.operationId, reason: input.reason, command: 'ledger.reverse', visitId: input.visitId ?? null });
    if (!done.ok) return done;
    const { operationId, customerId, owed } = done.value;
    const notes = notesFor(deps, done.value.notes, actor.language);
    const value = { operationId, reversedOperationId: input.operationId, customerId, owed, notes };
    rememberAnswer(db, input.idempotencyKey, 'ledger.reverse', value, deps.clock.now());
    appendAudit(db, {
      at: deps.clock.now(),
      staffId: actor.staffId,
      action: 'reversal',
      details: { operationId, reversedOperationId: input.operationId, customerId, reason: input.reason, approvedBy: approvedBy ?? null },
    });
    return ok(value);
  })();
  if (!answer.ok) return answer;
  const view = customerView(deps, answer.value.customerId);
  const { operationId, reversedOperationId, owed, notes } = answer.value;
  // Answers remembered before owed/notes existed have neither.
  return view.ok ? ok({ operationId, reversedOperationId, owed: owed ?? [], notes: notes ?? [], view: view.value }) : view;
}

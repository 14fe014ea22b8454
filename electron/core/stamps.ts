import { prepared } from '../db/connection';
import type { CoreDeps, Actor } from './context';
import { customerView } from './customers';
import { recallAnswer, rememberAnswer } from './idempotency';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import type { ParsedInputOf } from '../../shared/contract';
import type { RedeemResult, ReverseResult, StampResult } from '../../shared/contract/views';
import { decideConversions, decideRedeem, decideReverse, decideStamp, lotsAfter } from '../../shared/domain/counter';
import { rewardAsset, stampAsset, type LedgerEntry, type PlannedEntry } from '../../shared/domain/ledger';
import { appendEntries, lotsById, openLots, operationEntries } from '../db/stores/ledger';
import { appendOutbox, nextOutboxSeq } from '../db/stores/outbox';
import { appendAudit } from '../db/stores/audit';
import { settleDeficits } from '../sync/apply';
import { checkOfflineSpend } from '../sync/offline';
import { getSetting } from '../db/stores/settings';

/** A reversal within this long of the entry, in the same visit, needs no manager. */
export const SAME_VISIT_MS = 30 * 60 * 1000;

interface Operation {
  customerId: string;
  command: string;
  visitId: string | null;
  reason: string | null;
  staffId: string;
  planned: PlannedEntry[];
}

/** Appends one operation's entries and its outbox event; the caller holds the transaction. */
export function writeOperation(deps: CoreDeps, op: Operation): string {
  const { db, clock, ids } = deps;
  const operationId = ids.newId();
  const now = clock.now();
  const seq = nextOutboxSeq(db);
  const programVersion = deps.program().version;
  const entries: LedgerEntry[] = op.planned.map((p) => ({
    ...p,
    customerId: op.customerId,
    operationId,
    visitId: op.visitId,
    staffId: op.staffId,
    terminalId: deps.terminalId,
    terminalSeq: seq,
    programVersion,
    reason: op.reason,
    createdAt: now,
  }));
  appendEntries(db, entries);
  // New lots first repay what spends made elsewhere still owe (see electron/sync/apply.ts).
  if (entries.some((e) => e.delta > 0)) settleDeficits(db, op.customerId);
  appendOutbox(db, {
    seq,
    id: ids.newId(),
    hlc: deps.nextHlc(),
    createdAt: now,
    payload: { type: 'ledger.recorded', operationId, customerId: op.customerId, command: op.command, entries },
  });
  return operationId;
}

function customerExists(deps: CoreDeps, customerId: string): boolean {
  return prepared(deps.db, 'SELECT 1 FROM customers WHERE id = ?').get(customerId) !== undefined;
}

type StampAnswer = Omit<StampResult, 'view'>;

export function addStamps(deps: CoreDeps, actor: Actor, input: ParsedInputOf<'stamp.add'>): Result<StampResult, AppError> {
  const program = deps.program();
  const card = input.cardId === undefined ? program.stampCards[0] : program.stampCards.find((c) => c.id === input.cardId);
  if (!card) return err({ code: 'input.invalid', params: { field: 'cardId' } });
  const answer = deps.db.transaction((): Result<StampAnswer, AppError> => {
    const recalled = recallAnswer<StampAnswer>(deps.db, input.idempotencyKey, 'stamp.add');
    if (recalled.found) return ok(recalled.value);
    if (recalled.conflict) return err({ code: 'input.invalid', params: { field: 'idempotencyKey' } });
    if (!customerExists(deps, input.customerId)) return err({ code: 'customer.not_found' });
    const lots = openLots(deps.db, input.customerId, stampAsset(card.id));
    const decision = decideStamp(card, lots, input.count, deps.clock.now(), () => deps.ids.newId());
    const operationId = writeOperation(deps, {
      customerId: input.customerId,
      command: 'stamp.add',
      visitId: input.visitId,
      reason: null,
      staffId: actor.staffId,
      planned: decision.entries,
    });
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
    if (!customerExists(deps, input.customerId)) return err({ code: 'customer.not_found' });
    const planned = decideRedeem(input.rewardId, openLots(deps.db, input.customerId, rewardAsset(input.rewardId)), () => deps.ids.newId());
    if (!planned.ok) return planned;
    const offline = checkOfflineSpend(deps.db, {
      terminalId: deps.terminalId,
      now: deps.clock.now(),
      timeZone: getSetting(deps.db, 'store.timeZone') ?? 'Europe/Sofia',
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
      planned: planned.value,
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
    const entries = operationEntries(db, input.operationId);
    if (entries.length === 0) return err({ code: 'ledger.entry_not_found' });
    const touched = new Set<string>();
    for (const e of entries) {
      touched.add(e.id);
      for (const u of e.uses) touched.add(u.lotId);
    }
    const touchedLots = lotsById(db, [...touched]);
    const planned = decideReverse(entries, touchedLots, input.reason, () => deps.ids.newId());
    if (!planned.ok) return planned;
    const customerId = entries[0]!.customerId;
    // Stamps given back can fill a card again (undoing a later stamp that filled it): settle it now.
    for (const card of deps.program().stampCards) {
      const asset = stampAsset(card.id);
      if (!planned.value.some((e) => e.asset === asset)) continue;
      // Spent lots (remaining 0) that the reversal gives back are not "open" yet: start from both.
      const before = new Map(openLots(db, customerId, asset).map((l) => [l.entryId, l]));
      for (const lot of touchedLots.values()) if (lot.asset === asset) before.set(lot.entryId, lot);
      const after = lotsAfter([...before.values()], planned.value, asset, deps.clock.now());
      planned.value.push(...decideConversions(card, after, () => deps.ids.newId()).entries);
    }
    const operationId = writeOperation(deps, {
      customerId,
      command: 'ledger.reverse',
      visitId: input.visitId ?? null,
      reason: input.reason,
      staffId: actor.staffId,
      planned: planned.value,
    });
    const value = { operationId, reversedOperationId: input.operationId, customerId };
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
  return view.ok ? ok({ operationId: answer.value.operationId, reversedOperationId: answer.value.reversedOperationId, view: view.value }) : view;
}

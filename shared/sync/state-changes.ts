import { z } from 'zod';
import type { StateChange, TierState, VisitRecord } from '../loyalty/state';
import type { OtherCustomerEffect } from '../loyalty/types';
import type { PlannedEntry } from '../domain/ledger';

/**
 * The loyalty engine's state changes on the wire (issue 5): a `ledger.recorded` event may carry
 * the StateChange[] its operation made for its customer (`changes`) and its effects on other
 * customers (`others`, what a reversal of it at another store needs), and the feed's ledger items
 * carry them on to the other stores. Both fields are optional (the wire's compatibility rule), so
 * events queued before them stay valid. Bounded: an operation makes a handful of changes; these
 * limits are far above that and far below what could hurt HQ or a terminal. Objects may carry fields
 * added later (HQ keeps the payload as sent; a terminal reads what it knows), but a change type this
 * version does not know is malformed: a new StateChange type needs HQ and the tills upgraded first.
 */
export const MAX_STATE_CHANGES = 200;
export const MAX_OTHER_EFFECTS = 20;

const id = z.string().min(1).max(100);
const day = z.number().int().min(-1_000_000).max(1_000_000);
const markValue = z.string().max(100).nullable();

const tierSchema = z.object({
  tierId: id.nullable(),
  reviewDay: day.nullable(),
  graceUntilDay: day.nullable(),
  vip: z.object({ tierId: id, untilDay: day }).nullable(),
}) satisfies z.ZodType<TierState>;

const visitSchema = z.object({ id, day, spend: z.number().int().min(-1e15).max(1e15) }) satisfies z.ZodType<VisitRecord>;

const referralSchema = z.object({ referrerId: id, status: z.enum(['pending', 'rewarded']) }).nullable();

export const stateChangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('visit.add'), visit: visitSchema }),
  z.object({ type: z.literal('visit.remove'), visit: visitSchema }),
  z.object({ type: z.literal('visits.prune'), beforeDay: day }),
  z.object({ type: z.literal('counter.add'), name: z.string().min(1).max(200), delta: z.number().int().min(-1e9).max(1e9) }),
  z.object({ type: z.literal('counters.prune'), beforeDay: day }),
  z.object({ type: z.literal('mark.set'), key: z.string().min(1).max(200), from: markValue, to: markValue }),
  z.object({ type: z.literal('tier.set'), from: tierSchema, to: tierSchema }),
  z.object({ type: z.literal('referral.set'), from: referralSchema, to: referralSchema }),
]) satisfies z.ZodType<StateChange>;

export const stateChangesSchema = z.array(stateChangeSchema).max(MAX_STATE_CHANGES);

const lotUse = z.object({ lotId: z.string().min(1).max(100), amount: z.number().int().positive() });

/** A planned entry for another customer (a referrer's gift): only its id is read by a reversal, the rest is kept as recorded. */
const plannedEntrySchema = z.object({
  id,
  asset: z.string().min(1).max(200),
  delta: z.number().int(),
  kind: z.enum(['earn', 'convert', 'redeem', 'reverse', 'expire', 'adjust']),
  rule: z.string().max(200).nullable(),
  explanation: z.object({ key: z.string().max(200), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
  uses: z.array(lotUse).max(200).optional(),
  restores: z.array(lotUse).max(200).optional(),
  reverses: z.string().max(100).optional(),
  expiresAt: z.number().int().nullable().optional(),
}) satisfies z.ZodType<PlannedEntry>;

export const otherEffectsSchema = z
  .array(
    z.object({
      customerId: z.uuid(),
      entries: z.array(plannedEntrySchema).max(200),
      reverseEntryIds: z.array(id).max(200),
    }),
  )
  .max(MAX_OTHER_EFFECTS) satisfies z.ZodType<OtherCustomerEffect[]>;

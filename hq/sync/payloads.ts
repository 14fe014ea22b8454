import { z } from 'zod';
import type { PushEvent } from '../../shared/sync/wire';
import { otherEffectsSchema, stateChangesSchema } from '../../shared/sync/state-changes';

/**
 * The payloads of the event types HQ understands (shared/domain/events.ts), checked before anything
 * is stored. Objects are loose: a terminal may add optional fields (the wire's compatibility rule),
 * but every field HQ reads must be there with its type. Ids HQ keys on are UUIDs.
 */
const uuid = z.uuid();
const epochMs = z.number().int().nonnegative();
const int = z.number().int();
const text = (max: number) => z.string().max(max);

const lotUse = z.looseObject({ lotId: z.string().min(1).max(64), amount: z.number().int().positive() });

export const ledgerEntrySchema = z.looseObject({
  id: uuid,
  asset: z.string().min(1).max(200),
  delta: int,
  kind: z.enum(['earn', 'convert', 'redeem', 'reverse', 'expire', 'adjust']),
  rule: text(200).nullable(),
  explanation: z.looseObject({ key: text(200), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
  uses: z.array(lotUse).optional(),
  restores: z.array(lotUse).optional(),
  reverses: z.string().max(64).optional(),
  expiresAt: epochMs.nullable().optional(),
  customerId: uuid,
  operationId: uuid,
  visitId: text(64).nullable(),
  staffId: text(64),
  terminalId: uuid,
  terminalSeq: z.number().int().positive(),
  programVersion: z.number().int().nonnegative(),
  reason: text(500).nullable(),
  createdAt: epochMs,
});

const customerRecord = z.looseObject({
  id: uuid,
  name: z.string().min(1).max(200),
  phone: text(32).nullable(),
  email: text(254).nullable(),
  birthday: text(10).nullable(),
  language: z.enum(['bg', 'ru', 'en']),
  marketingConsent: z.boolean(),
  marketingConsentAt: epochMs.nullable(),
  enrolledAt: epochMs,
  enrolledBy: text(64),
});

const saleRecord = z.looseObject({
  id: uuid,
  number: z.number().int().nonnegative(),
  shiftId: text(64),
  staffId: text(64),
  customerId: uuid.nullable(),
  currency: z.string().length(3),
  subtotalMinor: int,
  discountMinor: int,
  totalMinor: int,
  lines: z.array(z.looseObject({ lineNo: int, itemId: text(64), categoryId: text(64), quantity: int, unitPriceMinor: int, modifiersMinor: int, discountMinor: int, totalMinor: int })).max(500),
  tenders: z.array(z.looseObject({ kind: text(32), amountMinor: int, appliedMinor: int, reference: text(200).nullable() })).max(50),
  operationId: uuid.nullable(),
  createdAt: epochMs,
});

export const payloadSchemas = {
  'customer.enrolled': z.looseObject({ type: z.literal('customer.enrolled'), customer: customerRecord }),
  'card.linked': z.looseObject({ type: z.literal('card.linked'), customerId: uuid, code: z.string().min(1).max(64), linkedAt: epochMs }),
  'sale.completed': z.looseObject({ type: z.literal('sale.completed'), sale: saleRecord }),
  'sale.refunded': z.looseObject({
    type: z.literal('sale.refunded'),
    saleId: uuid,
    refundId: uuid,
    kind: z.enum(['refund', 'void']),
    reason: text(500),
    amountMinor: int,
    approvedBy: text(64),
    at: epochMs,
  }),
  'program.published': z.looseObject({ type: z.literal('program.published'), version: z.number().int().positive(), document: z.unknown(), publishedAt: epochMs }),
  'ledger.recorded': z.looseObject({
    type: z.literal('ledger.recorded'),
    operationId: uuid,
    customerId: uuid,
    command: z.string().min(1).max(64),
    // None for an operation that only changed the engine's state (a visit from a sale that earned nothing).
    entries: z.array(ledgerEntrySchema).max(200),
    // Optional (issue 5): the engine's state changes for the customer and its effects on others, which
    // the feed carries to the other stores; events queued before them have neither.
    changes: stateChangesSchema.optional(),
    others: otherEffectsSchema.optional(),
  }),
} as const;

export type KnownType = keyof typeof payloadSchemas;
export const isKnownType = (t: string): t is KnownType => Object.hasOwn(payloadSchemas, t);

/**
 * Why an event cannot be stored, or null. Beyond the shapes: the payload's `type` is the event's,
 * and a ledger operation's entries belong to its customer, its operation and the pushing terminal.
 * Unknown types are stored as they are (a newer terminal's event), never dropped.
 */
export function eventProblem(e: PushEvent, terminalId: string): string | null {
  if (!isKnownType(e.type)) return null;
  if (e.payload['type'] !== e.type) return 'payload.type';
  const parsed = payloadSchemas[e.type].safeParse(e.payload);
  if (!parsed.success) return parsed.error.issues[0] ? `payload.${parsed.error.issues[0].path.join('.')}` : 'payload';
  if (e.type === 'ledger.recorded') {
    const p = parsed.data as z.infer<(typeof payloadSchemas)['ledger.recorded']>;
    for (const entry of p.entries) {
      if (entry.customerId !== p.customerId) return 'payload.entries.customerId';
      if (entry.operationId !== p.operationId) return 'payload.entries.operationId';
      if (entry.terminalId !== terminalId) return 'payload.entries.terminalId';
    }
  }
  return null;
}

/** The customer an event is about (what makes a store know a customer, and the feed's audience). */
export function customerOf(e: PushEvent): string | null {
  const p = e.payload as Record<string, unknown>;
  switch (e.type) {
    case 'customer.enrolled':
      return (p['customer'] as { id: string }).id;
    case 'card.linked':
    case 'ledger.recorded':
      return p['customerId'] as string;
    case 'sale.completed':
      return (p['sale'] as { customerId: string | null }).customerId;
    default:
      return null;
  }
}

import { z } from 'zod';
import { otherEffectsSchema, stateChangesSchema } from './state-changes';
import { feedCursorSchema, signedAllowanceSchema, type CustomerSnapshot, type EnrolResponse, type FeedItem, type FeedPage, type PushResponse } from './wire';

/**
 * Schemas for what HQ answers, so the terminal checks every answer as HQ checks every request: an
 * answer that does not parse is refused whole and nothing of it is applied. Objects are not strict
 * here (unlike requests): a newer HQ may add optional fields, and this terminal ignores them.
 */
const count = z.number().int().nonnegative();
const epochMs = count;

export const enrolResponseSchema = z.object({
  organisationId: z.string().min(1).max(100),
  storeId: z.string().min(1).max(100),
  terminalId: z.uuid(),
  secret: z.string().min(16).max(200),
  allowanceKey: z.string().min(1).max(400),
}) satisfies z.ZodType<EnrolResponse>;

export const pushResponseSchema = z.object({ ackSeq: count, stored: count, conflicts: count }) satisfies z.ZodType<PushResponse>;

export const customerSnapshotSchema = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(200),
  phone: z.string().max(30).nullable(),
  email: z.string().max(200).nullable(),
  birthday: z.string().max(10).nullable(),
  language: z.string().max(5),
  marketingConsent: z.boolean(),
  marketingConsentAt: epochMs.nullable(),
  enrolledAt: epochMs,
  enrolledBy: z.string().max(100),
  homeStoreId: z.string().max(100),
  cards: z.array(z.object({ code: z.string().min(1).max(200), linkedAt: epochMs, blocked: z.boolean() })),
}) satisfies z.ZodType<CustomerSnapshot>;

/** A ledger entry as the feed carries it: a shared/domain/ledger LedgerEntry from another terminal. */
export const feedLedgerEntrySchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  asset: z.string().min(1).max(100),
  delta: z.number().int().refine((n) => n !== 0),
  kind: z.enum(['earn', 'convert', 'redeem', 'reverse', 'expire', 'adjust']),
  rule: z.string().max(100).nullable().optional(),
  explanation: z.object({ key: z.string().max(200), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
  uses: z.array(z.object({ lotId: z.string(), amount: z.number().int().positive() })).optional(),
  restores: z.array(z.object({ lotId: z.string(), amount: z.number().int().positive() })).optional(),
  reverses: z.string().optional(),
  expiresAt: z.number().int().nullable().optional(),
  operationId: z.string(),
  visitId: z.string().nullable().optional(),
  staffId: z.string().max(100),
  terminalId: z.string().max(100),
  terminalSeq: z.number().int().nonnegative(),
  programVersion: z.number().int().nonnegative(),
  reason: z.string().nullable().optional(),
  createdAt: epochMs,
});
export type FeedLedgerEntry = z.infer<typeof feedLedgerEntrySchema>;

const hlc = z.string().regex(/^\d{15}-\d{5}-[0-9a-zA-Z]+$/);
const cursor = feedCursorSchema;
export const feedItemSchema = z.discriminatedUnion('kind', [
  z.object({ cursor, kind: z.literal('program'), version: z.number().int().positive(), document: z.unknown(), publishedAt: epochMs }),
  z.object({ cursor, kind: z.literal('customer'), customer: customerSnapshotSchema }),
  z.object({
    cursor,
    kind: z.literal('ledger'),
    originTerminalId: z.string().max(100),
    operationId: z.string().max(100),
    customerId: z.uuid(),
    command: z.string().max(64),
    entries: z.array(feedLedgerEntrySchema),
    hlc: hlc.optional(),
    changes: stateChangesSchema.optional(),
    others: otherEffectsSchema.optional(),
  }),
  z.object({
    cursor,
    kind: z.literal('staff'),
    staff: z.object({ id: z.uuid(), name: z.string().min(1).max(100), role: z.enum(['cashier', 'barista', 'manager']), pinHash: z.string().min(1), active: z.boolean() }),
  }),
  z.object({ cursor, kind: z.literal('catalogue'), catalogue: z.unknown() }),
  z.object({ cursor, kind: z.literal('card.blocked'), code: z.string().min(1).max(200), reason: z.string().max(200), at: epochMs }),
  z.object({
    cursor,
    kind: z.literal('conflict.resolved'),
    conflictId: z.string().max(100),
    customerId: z.string().max(100),
    resolution: z.enum(['write_off', 'carry_negative']),
    at: epochMs,
  }),
]);
export type ParsedFeedItem = z.infer<typeof feedItemSchema>;

export const feedPageSchema = z.object({ items: z.array(feedItemSchema), next: cursor, more: z.boolean() });
export type ParsedFeedPage = z.infer<typeof feedPageSchema>;

// Checked by the compiler: a parsed page can stand where the wire's FeedPage is expected.
export const asFeedPage = (page: ParsedFeedPage): FeedPage => page as FeedPage;
export type { FeedItem };

export { signedAllowanceSchema };

/** HQ's error answer: `{ ok: false, error: { code, params } }`. */
export const errorAnswerSchema = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string().max(100), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }),
});

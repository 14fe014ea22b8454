import { z } from 'zod';

/**
 * The sync wire format between a terminal and HQ, version 1. Both sides validate every message
 * with these schemas; a message that does not parse is refused whole, and nothing of it is stored.
 *
 * Compatibility: a field is only ever added as optional, and a new event or feed kind is only ever
 * added, so an older HQ or terminal can still read what it understands. Anything else is a new
 * version with its own path prefix (/v2/...).
 *
 * Paths (all JSON, all but enrolment with `Authorization: Bearer <terminalId>.<secret>`):
 *   POST /v1/enrol      EnrolRequest  -> EnrolResponse
 *   POST /v1/push       PushRequest   -> PushResponse
 *   GET  /v1/feed?cursor=<FeedCursor>&limit=<n>  -> FeedPage
 *   GET  /v1/customers/by-code/<code>            -> CustomerSnapshot (a customer first seen at another store)
 *   GET  /v1/customers/by-id/<uuid>              -> CustomerSnapshot (a referrer this store owes a gift)
 *   GET  /v1/allowance                           -> SignedAllowance
 */
export const WIRE_VERSION = 1;

/** A push batch carries at most this many events and at most this many bytes of JSON. */
export const MAX_PUSH_EVENTS = 500;
export const MAX_PUSH_BYTES = 4 * 1024 * 1024;
/** The most feed items HQ sends in one page, whatever is asked. */
export const MAX_FEED_PAGE = 1000;
/**
 * What a terminal asks for per page. Half the maximum: with a million customers at HQ a page's p99
 * is 47 ms against 61, so a catching-up store holds HQ for shorter turns among the others and a
 * retry on a bad line repeats less, for a fifth to a quarter fewer items a second than full pages
 * (docs/benchmarks.md, docs/scaling.md).
 */
export const FEED_PAGE = 500;

const uuid = z.uuid();
const epochMs = z.number().int().nonnegative();
/** `<ms:15>-<counter:5>-<node>`, see shared/time/hlc.ts: string order is clock order. */
const hlc = z.string().regex(/^\d{15}-\d{5}-[0-9a-zA-Z]+$/);

// ---------------------------------------------------------------------------------------------
// Enrolment: a one-time code made in HQ admin turns a terminal into a known, credentialed one.

export const enrolRequestSchema = z
  .object({
    wire: z.literal(WIRE_VERSION),
    code: z.string().min(6).max(64),
    /** The terminal's own id (made at its first start), so its existing ledger entries stay its own. */
    terminalId: uuid,
    name: z.string().min(1).max(100),
  })
  .strict();
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export interface EnrolResponse {
  organisationId: string;
  storeId: string;
  terminalId: string;
  /** Shown once; HQ keeps only its hash. The terminal stores it with safeStorage or a 0600 file. */
  secret: string;
  /** Ed25519 public key (SPKI, base64) that signs offline allowances. */
  allowanceKey: string;
}

// ---------------------------------------------------------------------------------------------
// Push: the outbox, in order. HQ stores each event exactly once, keyed by (terminalId, seq) and by
// event id, and acknowledges the highest contiguous sequence it holds for the terminal.

export const pushEventSchema = z
  .object({
    seq: z.number().int().positive(),
    id: uuid,
    type: z.string().min(1).max(64),
    hlc,
    createdAt: epochMs,
    /** A shared/domain/events.ts DomainEvent; HQ validates known types further and refuses the batch if one is malformed. */
    payload: z.record(z.string(), z.unknown()),
  })
  .strict();
export type PushEvent = z.infer<typeof pushEventSchema>;

export const pushRequestSchema = z
  .object({
    wire: z.literal(WIRE_VERSION),
    terminalId: uuid,
    /** The terminal's clock when it sent the batch; HQ records its own receive time beside it. */
    sentAt: epochMs,
    events: z.array(pushEventSchema).min(1).max(MAX_PUSH_EVENTS),
  })
  .strict();
export type PushRequest = z.infer<typeof pushRequestSchema>;

export interface PushResponse {
  /** Highest sequence n such that HQ holds every event 1..n of this terminal. */
  ackSeq: number;
  /** Events newly stored by this request (a repeated batch stores 0). */
  stored: number;
  /** Double spends HQ found in this batch and queued for a manager. */
  conflicts: number;
}

// ---------------------------------------------------------------------------------------------
// Pull: a change feed per store, read by an opaque cursor (HQ's own ordering, never a terminal clock).

export const feedCursorSchema = z.string().regex(/^\d{1,20}$/);

export type FeedItem =
  | { cursor: string; kind: 'program'; version: number; document: unknown; publishedAt: number }
  | { cursor: string; kind: 'customer'; customer: CustomerSnapshot }
  | {
      cursor: string;
      kind: 'ledger';
      originTerminalId: string;
      operationId: string;
      customerId: string;
      command: string;
      entries: unknown[];
      /** Optional (added in v1): the HLC of the event that carried the operation; terminals merge it into their clock. */
      hlc?: string;
      /**
       * Optional (added in v1, issue 5): the loyalty engine's StateChange[] for the customer (visits,
       * counters, marks, tier, referral) and its effects on other customers, as the origin recorded
       * them (shared/sync/state-changes.ts). Absent for operations pushed before they were carried.
       */
      changes?: unknown[];
      others?: unknown[];
    }
  | { cursor: string; kind: 'staff'; staff: { id: string; name: string; role: string; pinHash: string; active: boolean } }
  /** `version` and `publishedAt` optional (added in v1): HQ's catalogue version; `catalogue` is a catalogue.save input. */
  | { cursor: string; kind: 'catalogue'; catalogue: unknown; version?: number; publishedAt?: number }
  | { cursor: string; kind: 'card.blocked'; code: string; reason: string; at: number }
  | { cursor: string; kind: 'conflict.resolved'; conflictId: string; customerId: string; resolution: ConflictResolution; at: number };

export type FeedItemKind = FeedItem['kind'];

export interface FeedPage {
  items: FeedItem[];
  /** Pass back as `cursor` for the next page. */
  next: string;
  more: boolean;
}

export interface CustomerSnapshot {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  birthday: string | null;
  language: string;
  marketingConsent: boolean;
  marketingConsentAt: number | null;
  enrolledAt: number;
  enrolledBy: string;
  homeStoreId: string;
  cards: { code: string; linkedAt: number; blocked: boolean }[];
  /**
   * HQ's balances (asset -> amount) when the snapshot was taken; only the lookups (GET
   * /v1/customers/by-code and by-id) send them. Informational: the customer's ledger entries themselves follow in the store's feed (as
   * `ledger` items), and balances are derived from those, so do not add these to them.
   */
  balances?: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------
// Conflicts: two offline terminals spent the same balance. HQ keeps both entries; a manager decides.

export type ConflictResolution = 'write_off' | 'carry_negative';

// ---------------------------------------------------------------------------------------------
// Offline allowance: what a terminal may redeem while it cannot reach HQ. Signed by HQ (Ed25519 over
// the canonical JSON of `grant`), expiring; the terminal verifies it with the key from enrolment.

export const allowanceGrantSchema = z
  .object({
    terminalId: uuid,
    issuedAt: epochMs,
    expiresAt: epochMs,
    /** Per customer per store day: reward redemptions and points spent. */
    perCustomerPerDay: z.object({ rewards: z.number().int().nonnegative(), points: z.number().int().nonnegative() }).strict(),
    /** For the whole grant, across all customers. */
    total: z.object({ rewards: z.number().int().nonnegative(), points: z.number().int().nonnegative() }).strict(),
  })
  .strict();
export type AllowanceGrant = z.infer<typeof allowanceGrantSchema>;

export const signedAllowanceSchema = z.object({ grant: allowanceGrantSchema, signature: z.string().min(1) }).strict();
export type SignedAllowance = z.infer<typeof signedAllowanceSchema>;

/** The bytes an allowance signature covers: keys in a fixed order, so both sides sign the same thing. */
export function canonicalGrant(grant: AllowanceGrant): string {
  return JSON.stringify({
    terminalId: grant.terminalId,
    issuedAt: grant.issuedAt,
    expiresAt: grant.expiresAt,
    perCustomerPerDay: { rewards: grant.perCustomerPerDay.rewards, points: grant.perCustomerPerDay.points },
    total: { rewards: grant.total.rewards, points: grant.total.points },
  });
}

// ---------------------------------------------------------------------------------------------
// Errors HQ answers with: `{ ok: false, error: { code, params } }` and a fitting HTTP status.

export type SyncErrorCode =
  | 'sync.unauthorized' // no or wrong credential, revoked terminal (401)
  | 'sync.forbidden' // a terminal reaching another organisation's or store's data (403)
  | 'sync.enrol_code_invalid' // unknown, used or expired one-time code (400)
  | 'sync.batch_invalid' // malformed batch or event; nothing stored (400)
  | 'sync.batch_too_large' // over MAX_PUSH_EVENTS or MAX_PUSH_BYTES (413)
  | 'sync.sequence_gap' // a batch that does not continue from the acknowledged sequence (409)
  | 'sync.not_found' // (404)
  | 'sync.unavailable'; // HQ cannot be reached, or answered 5xx (the terminal retries with backoff)

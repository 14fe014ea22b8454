/**
 * The ledger model shared by every loyalty rule and the database.
 *
 * An asset is what a customer holds: `stamps:<cardId>`, `points`, or `reward:<rewardId>` (one unit
 * per reward in the wallet). Every positive entry that earns something is a lot; a negative entry
 * says which lots it took from (oldest first), so a reversal can give back exactly those lots and
 * expiry can work per lot. Deciders return PlannedEntry values; the edge adds ids, time, staff and
 * terminal and stores them as LedgerEntry rows that are never updated or deleted.
 */
export type AssetId = string;

export const stampAsset = (cardId: string): AssetId => `stamps:${cardId}`;
export const rewardAsset = (rewardId: string): AssetId => `reward:${rewardId}`;
export const pointsAsset: AssetId = 'points';

export type EntryKind = 'earn' | 'convert' | 'redeem' | 'reverse' | 'expire' | 'adjust';

/** A translatable reason: the i18n key and its parameters, rendered in the reader's language. */
export interface Explanation {
  key: string;
  params: Record<string, string | number>;
}

export interface LotUse {
  lotId: string;
  amount: number;
}

export interface PlannedEntry {
  /** Made by the caller (UUIDv7) so entries of one operation can refer to each other. */
  id: string;
  asset: AssetId;
  delta: number;
  kind: EntryKind;
  /** The program rule that made the entry, for "why did I get this". */
  rule: string | null;
  explanation: Explanation;
  /** Negative entries: the lots taken from, oldest first. */
  uses?: LotUse[];
  /** Positive entries that undo a spend: the lots given back (no new lot is made). */
  restores?: LotUse[];
  /** The entry this one compensates. */
  reverses?: string;
  expiresAt?: number | null;
}

export interface Lot {
  entryId: string;
  asset: AssetId;
  remaining: number;
  createdAt: number;
  expiresAt: number | null;
}

export interface LedgerEntry extends PlannedEntry {
  customerId: string;
  operationId: string;
  visitId: string | null;
  staffId: string;
  terminalId: string;
  terminalSeq: number;
  programVersion: number;
  reason: string | null;
  createdAt: number;
}

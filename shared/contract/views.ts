import type { Locale } from '../i18n/locale';
import type { Role } from './roles';
import type { Explanation } from '../domain/ledger';
import type { LocalText } from '../domain/program';

/** What the UI is shown. Plain data: it crosses IPC and HTTP as JSON. */

export interface StaffSummary {
  id: string;
  name: string;
  role: Role;
}

export interface StaffSession {
  token: string;
  staff: StaffSummary & { language: Locale };
}

export interface StoreInfo {
  storeName: string;
  currency: string;
  timeZone: string;
  terminalId: string;
  programVersion: number;
  programName: string;
}

export interface CustomerSummary {
  id: string;
  name: string;
  /** Masked (+359 88* *** 123): the counter screen faces the queue. */
  phoneMasked: string | null;
  cardCode: string | null;
}

export interface StampCardView {
  cardId: string;
  name: LocalText;
  size: number;
  filled: number;
  rewardId: string;
  rewardName: LocalText;
}

export interface RewardView {
  /** The lot (the entry that issued it); redeeming takes the oldest of its kind. */
  lotId: string;
  rewardId: string;
  name: LocalText;
  earnedAt: number;
}

export interface CustomerView {
  customer: CustomerSummary & {
    email: string | null;
    birthday: string | null;
    language: Locale;
    marketingConsent: boolean;
    enrolledAt: number;
    cards: string[];
  };
  stampCards: StampCardView[];
  rewards: RewardView[];
}

export interface HistoryEntryView {
  id: string;
  operationId: string;
  asset: string;
  delta: number;
  kind: string;
  explanation: Explanation;
  /** The explanation in the reader's language, with the program's and the catalogue's names. */
  text: string;
  reason: string | null;
  staffName: string;
  createdAt: number;
  reversedBy: string | null;
  reverses: string | null;
  visitId: string | null;
}

export interface StampResult {
  view: CustomerView;
  operationId: string;
  stampsAdded: number;
  rewardsEarned: number;
}

export interface RedeemResult {
  view: CustomerView;
  operationId: string;
  rewardId: string;
}

export interface ReverseResult {
  view: CustomerView;
  operationId: string;
  reversedOperationId: string;
  /** What could not be taken back because it was already spent: the customer owes it, repaid from their next earnings. */
  owed: { asset: string; amount: number }[];
  /** Why, for the cashier (i18n keys loyalty.reverse.*). */
  notes: Explanation[];
}

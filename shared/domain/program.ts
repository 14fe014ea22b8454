import type { Locale } from '../i18n/locale';

/** A name the program author writes in each UI language. */
export type LocalText = Record<Locale, string>;

export const localText = (text: LocalText, locale: Locale): string => text[locale] || text.en;

/**
 * The part of a loyalty program the counter needs for stamp cards and rewards. The full program
 * document (points, tiers, occasions ...) is shared/loyalty's; this is the slice the quick-stamp
 * flow reads, and any program document can be projected onto it.
 */
export interface StampCardRule {
  id: string;
  name: LocalText;
  /** Stamps that fill the card (10 is the classic). */
  size: number;
  /** The reward a full card turns into. */
  rewardId: string;
  /** Catalogue categories whose items earn a stamp each when rung up in a sale. */
  categories?: string[];
}

export interface RewardRule {
  id: string;
  name: LocalText;
  /** A free item from these categories: applied to a sale, it takes off the price of one such item. */
  freeItemCategories?: string[];
}

export interface CounterProgram {
  version: number;
  name: string;
  stampCards: StampCardRule[];
  rewards: RewardRule[];
}

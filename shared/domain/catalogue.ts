import type { LocalText } from './program';

/** What the till sells: categories, items with prices in minor units, and modifiers (e.g. oat milk +0.40). */
export interface Category {
  id: string;
  name: LocalText;
  position: number;
}

export interface Item {
  id: string;
  categoryId: string;
  name: LocalText;
  priceMinor: number;
  /** EAN-13/EAN-8/UPC-A of packaged goods, told apart from loyalty cards by the scanner code path. */
  barcode: string | null;
  position: number;
}

export interface Modifier {
  id: string;
  name: LocalText;
  priceMinor: number;
}

export interface Catalogue {
  currency: string;
  categories: Category[];
  items: Item[];
  modifiers: Modifier[];
}

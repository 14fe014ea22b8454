import type { AppError } from '../errors';
import { intlTag, type Locale } from './locale';
import { counterMessages } from './counter';
import { codeMessages } from './codes';
import { uiMessages } from './ui';
import { printingMessages } from './printing';
import { deviceMessages } from './devices';
import { loyaltyMessages } from './loyalty';
import { syncMessages } from './sync';
import { backofficeMessages } from './backoffice';
import { recordMessages } from './records';
import { managerMessages } from './manager';

export { locales, isLocale, intlTag, type Locale } from './locale';

type Catalog = Record<string, string>;

/** Every area's messages, joined. Add an area's file here. */
const areas = [counterMessages, codeMessages, uiMessages, loyaltyMessages, printingMessages, deviceMessages, syncMessages, backofficeMessages, recordMessages, managerMessages];

const catalogs: Record<Locale, Catalog> = {
  en: Object.assign({}, ...areas.map((a) => a.en)),
  bg: Object.assign({}, ...areas.map((a) => a.bg)),
  ru: Object.assign({}, ...areas.map((a) => a.ru)),
};

export type Params = Record<string, string | number>;

const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralCategory(locale: Locale, count: number): string {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(intlTag[locale]);
    pluralRules.set(locale, rules);
  }
  return rules.select(count);
}

function lookup(locale: Locale, key: string, params?: Params): string | undefined {
  const catalog = catalogs[locale];
  const count = params?.count;
  if (typeof count === 'number') {
    const variant = catalog[`${key}.${pluralCategory(locale, count)}`] ?? catalog[`${key}.other`];
    if (variant !== undefined) return variant;
  }
  return catalog[key];
}

/** Translates a key; an unknown key is returned as is, so a gap shows up on screen and in tests. */
export function translate(locale: Locale, key: string, params?: Params): string {
  const template = lookup(locale, key, params) ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

export function hasMessage(locale: Locale, key: string): boolean {
  return lookup(locale, key, { count: 1 }) !== undefined || catalogs[locale][key] !== undefined;
}

export function translateError(locale: Locale, error: AppError): string {
  return translate(locale, `error.${error.code}`, error.params);
}

export function allKeys(locale: Locale): string[] {
  return Object.keys(catalogs[locale]);
}

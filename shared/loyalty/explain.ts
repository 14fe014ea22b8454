import type { Explanation } from '../domain/ledger';
import { localText, type LocalText } from '../domain/program';
import { intlTag, translate, type Locale, type Params } from '../i18n';
import type { Program, ProgramIssue } from './program';
import { DAY_MS } from './time';

/**
 * Turns an explanation (key + raw params, as stored in the ledger) into text in the reader's language.
 * Raw params are data; this fills in what reads well, by naming convention:
 *   cardId / rewardId / tierId / toTierId / surpriseId / challengeId / offerId -> the program's names
 *   xxxMinor (+ currency) -> money;  xxxMultiplier -> a localised number;  xxxDay -> a local date;
 *   atMs -> the date in the program's zone;  per -> the currency unit;  reason -> a nested message.
 */
/** Names the program does not hold: the store's catalogue categories (points explanations name one). */
export interface ExplainNames {
  categories?: ReadonlyMap<string, LocalText>;
}

export function explain(program: Program, e: Explanation, locale: Locale, names: ExplainNames = {}): string {
  const params = displayParams(program, e.params, locale, names);
  let text = translate(locale, e.key, params);
  if (e.key === 'loyalty.points.earned') {
    const parts: string[] = [];
    if (params.category !== undefined) parts.push(translate(locale, 'loyalty.points.part.category', params));
    if (params.moreCategories !== undefined) parts.push(translate(locale, 'loyalty.points.part.more', params));
    if (params.tier !== undefined) parts.push(translate(locale, 'loyalty.points.part.tier', params));
    if (typeof e.params.rounding === 'string') parts.push(translate(locale, `loyalty.rounding.${e.params.rounding}`));
    if (parts.length > 0) text += `, ${parts.join(', ')}`;
  }
  return text;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const key = `${locale}|${currency}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(intlTag[locale], { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    moneyFormats.set(key, f);
  }
  return f.format(minor / 100);
}

const formatNumber = (n: number, locale: Locale): string => new Intl.NumberFormat(intlTag[locale], { maximumFractionDigits: 2 }).format(n);

/** A local day number as a date ("15.03.2025 г." / "15.03.2025" / "15/03/2025"). */
export function formatDay(day: number, locale: Locale): string {
  return new Intl.DateTimeFormat(intlTag[locale], { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(day * DAY_MS);
}

function formatInstant(ms: number, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlTag[locale], { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

const nameOf = (text: LocalText | undefined, locale: Locale, fallback: string): string => (text ? localText(text, locale) : fallback);

export function displayParams(program: Program, raw: Explanation['params'], locale: Locale, names: ExplainNames = {}): Params {
  const out: Params = { ...raw };
  const currency = typeof raw.currency === 'string' ? raw.currency : program.currency;
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'number' && k.endsWith('Minor')) out[k.slice(0, -5)] = formatMoney(v, currency, locale);
    else if (typeof v === 'number' && k.endsWith('Multiplier')) out[k] = formatNumber(v, locale);
    else if (typeof v === 'number' && k.endsWith('Day')) out[k.slice(0, -3)] = formatDay(v, locale);
  }
  if (typeof raw.atMs === 'number') out.at = formatInstant(raw.atMs, program.timeZone, locale);
  if (typeof raw.cardId === 'string') out.card = nameOf(program.stampCards.find((c) => c.id === raw.cardId)?.name, locale, raw.cardId);
  if (typeof raw.rewardId === 'string') out.reward = nameOf(program.rewards.find((r) => r.id === raw.rewardId)?.name, locale, raw.rewardId);
  const tier = (id: unknown): string =>
    typeof id === 'string' ? nameOf(program.tiers?.levels.find((t) => t.id === id)?.name, locale, id) : '';
  if (raw.tierId !== undefined) out.tier = tier(raw.tierId);
  if (raw.toTierId !== undefined) out.toTier = tier(raw.toTierId);
  if (typeof raw.surpriseId === 'string') out.surprise = nameOf(program.surprises.find((s) => s.id === raw.surpriseId)?.name, locale, raw.surpriseId);
  if (typeof raw.challengeId === 'string') out.challenge = nameOf(program.challenges.find((c) => c.id === raw.challengeId)?.name, locale, raw.challengeId);
  if (typeof raw.offerId === 'string') out.offer = nameOf(program.partnerOffers.find((o) => o.id === raw.offerId)?.text, locale, '');
  if (typeof raw.category === 'string') out.category = nameOf(names.categories?.get(raw.category), locale, raw.category);
  if (typeof raw.per === 'number') out.unit = raw.per === 1 ? currency : `${formatNumber(raw.per, locale)} ${currency}`;
  if (typeof raw.probability === 'number') out.probability = formatNumber(raw.probability, locale);
  if (typeof raw.reason === 'string') out.reason = translate(locale, raw.reason, out);
  return out;
}

/** A validation problem in the reader's language, with the program's names in that language. */
export function explainIssue(issue: ProgramIssue, locale: Locale): string {
  const params: Params = { ...issue.params };
  for (const [k, v] of Object.entries(issue.names)) params[k] = localText(v, locale);
  return translate(locale, issue.key, params);
}

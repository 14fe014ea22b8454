import { intlTag, type Locale } from '../i18n/locale';

/**
 * Money as it prints: digits and a currency word every code page has. The euro sign is not in CP866
 * and the rouble sign is in neither CP866 nor Windows-1251, so a receipt never relies on them.
 */
const currencyWord: Record<string, Record<Locale, string>> = {
  EUR: { bg: 'EUR', ru: 'EUR', en: 'EUR' },
  BGN: { bg: 'лв.', ru: 'лв.', en: 'BGN' },
  RUB: { bg: 'руб.', ru: 'руб.', en: 'RUB' },
};

const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function printedMoney(minor: number, currency: string, locale: Locale): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(intlTag[locale], { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: true });
    numberFormats.set(locale, format);
  }
  const number = format
    .format(minor / 100)
    // Intl uses a narrow no-break space for grouping in bg/ru: not in the printers' code pages.
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace('\u2212', '-');
  return `${number} ${currencyWord[currency]?.[locale] ?? currency}`;
}

import { createContext, useContext } from 'react';
import { intlTag, translate, translateError, type Locale, type Params } from '../../shared/i18n';
import type { AppError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/domain/program';

export interface Translator {
  locale: Locale;
  t(key: string, params?: Params): string;
  error(error: AppError): string;
  text(text: LocalText): string;
  money(minor: number, currency: string): string;
  date(ms: number): string;
  dateTime(ms: number): string;
}

export function translator(locale: Locale): Translator {
  const tag = intlTag[locale];
  const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
  const dateTimeFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'short', timeStyle: 'short' });
  return {
    locale,
    t: (key, params) => translate(locale, key, params),
    error: (error) => translateError(locale, error),
    text: (text) => localText(text, locale),
    money: (minor, currency) => new Intl.NumberFormat(tag, { style: 'currency', currency }).format(minor / 100),
    date: (ms) => dateFormat.format(ms),
    dateTime: (ms) => dateTimeFormat.format(ms),
  };
}

export const I18n = createContext<Translator>(translator('bg'));
export const useT = (): Translator => useContext(I18n);

import { describe, expect, it } from 'vitest';
import { allKeys, hasMessage, locales, translate, translateError } from '../../../shared/i18n';
import { counterErrorCodes } from '../../../shared/contract/errors';
import { codeErrorCodes } from '../../../shared/codes/errors';
import { printingErrorCodes } from '../../../shared/receipt/errors';
import { loyaltyErrorCodes } from '../../../shared/loyalty/errors';

const errorCodes: readonly string[] = [...counterErrorCodes, ...codeErrorCodes, ...printingErrorCodes, ...loyaltyErrorCodes];

describe('translations', () => {
  it('have a message for every error code in Bulgarian, Russian and English', () => {
    for (const locale of locales) {
      const missing = errorCodes.filter((code) => !hasMessage(locale, `error.${code}`));
      expect(missing, `${locale} is missing`).toEqual([]);
    }
  });

  it('have the same keys in every language, modulo plural forms', () => {
    const base = (key: string) => key.replace(/\.(zero|one|two|few|many|other)$/, '');
    const sets = locales.map((l) => new Set(allKeys(l).map(base)));
    for (const set of sets.slice(1)) expect([...set].sort()).toEqual([...sets[0]!].sort());
  });

  it('give Russian every plural form it needs wherever a message has plural forms', () => {
    const plural = allKeys('ru').filter((k) => k.endsWith('.one')).map((k) => k.slice(0, -4));
    for (const key of plural) {
      for (const form of ['one', 'few', 'many']) expect(allKeys('ru'), key).toContain(`${key}.${form}`);
    }
  });

  it('pick the right plural and fill parameters', () => {
    expect(translate('ru', 'ledger.stamp.earned', { count: 1, card: 'Кофе' })).toBe('+1 штамп на карте «Кофе»');
    expect(translate('ru', 'ledger.stamp.earned', { count: 3, card: 'Кофе' })).toBe('+3 штампа на карте «Кофе»');
    expect(translate('ru', 'ledger.stamp.earned', { count: 5, card: 'Кофе' })).toBe('+5 штампов на карте «Кофе»');
    expect(translate('bg', 'ledger.stamp.earned', { count: 2, card: 'Кафе' })).toBe('+2 печата на карта „Кафе“');
    expect(translateError('en', { code: 'auth.wrong_pin', params: { attemptsLeft: 2 } })).toBe('Wrong PIN. 2 attempts left.');
  });
});

import { describe, expect, it } from 'vitest';
import { hasMessage, locales, translateError } from '../../shared/i18n';
import { syncErrorCodes } from '../../shared/sync/errors';

describe('sync messages', () => {
  it('translate every sync error code in Bulgarian, Russian and English', () => {
    for (const locale of locales) {
      expect(syncErrorCodes.filter((code) => !hasMessage(locale, `error.${code}`)), locale).toEqual([]);
    }
  });

  it('tell the cashier why an offline redemption was refused, with the numbers', () => {
    const error = { code: 'sync.offline_allowance_exceeded' as const, params: { limit: 'perCustomerPerDay', what: 'rewards', allowed: 1, used: 1 } };
    expect(translateError('en', error)).toContain('1 of 1');
    expect(translateError('bg', error)).toContain('1 от 1');
    expect(translateError('ru', error)).toContain('1 из 1');
  });
});

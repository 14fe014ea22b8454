export const locales = ['bg', 'ru', 'en'] as const;
export type Locale = (typeof locales)[number];

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (locales as readonly string[]).includes(value);

/** Intl tags used for money, dates and plurals. */
export const intlTag: Record<Locale, string> = { bg: 'bg-BG', ru: 'ru-RU', en: 'en-GB' };

/**
 * One area's messages in all three languages.
 *
 * Parameters are written {name}. A message that depends on a count has plural variants as separate
 * keys ending in .one / .few / .many / .other (CLDR categories: Russian uses one, few, many, other;
 * Bulgarian and English one and other), so languages legitimately differ in their plural keys.
 * That every message exists in every language, modulo plural forms, and that Russian has all the
 * forms it needs, is checked by tests/unit/i18n/catalog.test.ts.
 */
export type LanguageMessages = Readonly<Record<string, string>>;
export type Messages = { en: LanguageMessages; bg: LanguageMessages; ru: LanguageMessages };

export function defineMessages<M extends Messages>(messages: M): M {
  return messages;
}

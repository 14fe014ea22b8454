import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../shared/loyalty';
import { explain } from '../../../shared/loyalty/explain';
import type { Locale } from '../../../shared/i18n';
import { idsFor } from './support';
import { workedExamples } from './worked-examples';

/**
 * Every mechanic's worked example, and what the customer history, the counter and the receipt say
 * about it in each language: the entries' explanations, then notes, velocity flags and receipt
 * lines. A new example in worked-examples.ts needs its three texts here.
 */
const said: Record<string, Record<Locale, string[]>> = {
  'stamps per visit': {
    en: ["+1 stamp on the Lunch card for the visit","+9 points: 1 per EUR on €9.00"],
    bg: ["+1 печат на карта „Обяд“ за посещението","+9 точки: 1 за всеки EUR от 9,00\u00a0€"],
    ru: ["+1 штамп на карте «Обед» за визит","+9 баллов: 1 за каждый EUR с 9,00\u00a0€"],
  },
  'several cards in one sale': {
    en: ["+2 stamps on the Coffee card (qualifying items: 2)","Coffee card full: 10 stamps turned into a reward","Reward earned: Free drink","+1 stamp on the Lunch card for the visit","+9 points: 1 per EUR on €9.00"],
    bg: ["+2 печата на карта „Кафе“ (артикули с печат: 2)","Карта „Кафе“ е пълна: 10 печата станаха награда","Спечелена награда: Безплатна напитка","+1 печат на карта „Обяд“ за посещението","+9 точки: 1 за всеки EUR от 9,00\u00a0€"],
    ru: ["+2 штампа на карте «Кофе» (подходящих товаров: 2)","Карта «Кофе» заполнена: 10 штампов превратились в награду","Получена награда: Бесплатный напиток","+1 штамп на карте «Обед» за визит","+9 баллов: 1 за каждый EUR с 9,00\u00a0€"],
  },
  'points with a category multiplier': {
    en: ["+13 points: 1 per EUR on €8.10, pastry ×2 on €5.60, rounded down"],
    bg: ["+13 точки: 1 за всеки EUR от 8,10\u00a0€, pastry ×2 върху 5,60\u00a0€, закръглено надолу"],
    ru: ["+13 баллов: 1 за каждый EUR с 8,10\u00a0€, pastry ×2 на 5,60\u00a0€, с округлением вниз"],
  },
  'points rounded to nearest': {
    en: ["+4 points: 1 per EUR on €3.70, rounded"],
    bg: ["+4 точки: 1 за всеки EUR от 3,70\u00a0€, закръглено"],
    ru: ["+4 балла: 1 за каждый EUR с 3,70\u00a0€, с округлением"],
  },
  'partial points spend': {
    en: ["−30 points: €1.50 off the sale"],
    bg: ["−30 точки: 1,50\u00a0€ отстъпка от покупката"],
    ru: ["−30 баллов: скидка 1,50\u00a0€ на покупку"],
  },
  'reward bought with points': {
    en: ["−50 points: 10% off"],
    bg: ["−50 точки: 10% отстъпка"],
    ru: ["−50 баллов: Скидка 10%"],
  },
  'reward bought with stamps': {
    en: ["−4 stamps from the Coffee card: Cookie"],
    bg: ["−4 печата от карта „Кафе“: Бисквита"],
    ru: ["−4 штампа с карты «Кофе»: Печенье"],
  },
  'reward from the wallet': {
    en: ["Reward used: Free drink"],
    bg: ["Използвана награда: Безплатна напитка"],
    ru: ["Использована награда: Бесплатный напиток"],
  },
  'tier upgrade': {
    en: ["+20 points: 1 per EUR on €20.00","Moved up to Silver"],
    bg: ["+20 точки: 1 за всеки EUR от 20,00\u00a0€","Ново ниво: Сребро"],
    ru: ["+20 баллов: 1 за каждый EUR с 20,00\u00a0€","Новый уровень: Серебро"],
  },
  'tier grace': {
    en: ["Below Gold for now: keeps it until 13/03/2025"],
    bg: ["Под нивото Злато засега: запазва го до 13.03.2025 г."],
    ru: ["Пока ниже уровня Золото: он сохраняется до 13.03.2025"],
  },
  'tier downgrade after grace': {
    en: ["Moved from Gold to Silver"],
    bg: ["Преминаване от Злато към Сребро"],
    ru: ["Переход с уровня Золото на Серебро"],
  },
  'paid VIP': {
    en: ["VIP status Platinum until 14/03/2026 (€99.00)"],
    bg: ["VIP статус Платина до 14.03.2026 г. (99,00\u00a0€)"],
    ru: ["VIP-статус Платина до 14.03.2026 (99,00\u00a0€)"],
  },
  'birthday': {
    en: ["Free drink: birthday gift","+1 stamp on the Coffee card"],
    bg: ["Безплатна напитка: подарък за рождения ден","+1 печат на карта „Кафе“"],
    ru: ["Бесплатный напиток: подарок на день рождения","+1 штамп на карте «Кофе»"],
  },
  'name day': {
    en: ["Surprise pastry: name day gift"],
    bg: ["Баничка изненада: подарък за имения ден"],
    ru: ["Выпечка-сюрприз: подарок на именины"],
  },
  'welcome bonus': {
    en: ["+1 stamp on the Coffee card: welcome bonus"],
    bg: ["+1 печат на карта „Кафе“: бонус при регистрация"],
    ru: ["+1 штамп на карте «Кофе»: приветственный бонус"],
  },
  'membership anniversary': {
    en: ["+50 points: membership anniversary, year 2"],
    bg: ["+50 точки: годишнина от членството, година 2"],
    ru: ["+50 баллов: годовщина участия, год 2"],
  },
  'referral pending': {
    en: ["Referral noted: both get a gift after a first purchase of €30.00 or more."],
    bg: ["Препоръката е записана: двамата получават подарък след първа покупка за 30,00\u00a0€ или повече."],
    ru: ["Рекомендация записана: оба получат подарок после первой покупки на 30,00\u00a0€ или больше."],
  },
  'referral refused: phone already referred': {
    en: ["Referral not counted: this phone number was already referred."],
    bg: ["Препоръката не се зачита: този телефонен номер вече е препоръчан."],
    ru: ["Рекомендация не засчитана: этот номер телефона уже был приглашён."],
  },
  'referral rewarded': {
    en: ["+30 points: 1 per EUR on €30.00","+50 points: joined on a friend’s recommendation","+100 points: a friend you recommended made their first purchase"],
    bg: ["+30 точки: 1 за всеки EUR от 30,00\u00a0€","+50 точки: регистрация по препоръка на приятел","+100 точки: препоръчан от вас приятел направи първата си покупка"],
    ru: ["+30 баллов: 1 за каждый EUR с 30,00\u00a0€","+50 баллов: регистрация по рекомендации друга","+100 баллов: приглашённый вами друг сделал первую покупку"],
  },
  'referral cap': {
    en: ["+30 points: 1 per EUR on €30.00","+50 points: joined on a friend’s recommendation","The friend who recommended us already has 10 referrals rewarded: no further gift for them."],
    bg: ["+30 точки: 1 за всеки EUR от 30,00\u00a0€","+50 точки: регистрация по препоръка на приятел","Препоръчалият вече има 10 наградени препоръки: нов подарък за него няма."],
    ru: ["+30 баллов: 1 за каждый EUR с 30,00\u00a0€","+50 баллов: регистрация по рекомендации друга","У рекомендовавшего уже 10 вознаграждённых рекомендаций: новый подарок ему не положен."],
  },
  'surprise every 5th visit': {
    en: ["+1 stamp on the Bread card (qualifying items: 1)","Surprise pastry: surprise “Pastry for a regular” for visit no. 5"],
    bg: ["+1 печат на карта „Хляб“ (артикули с печат: 1)","Баничка изненада: изненада „Баничка за редовен клиент“ за посещение № 5"],
    ru: ["+1 штамп на карте «Хлеб» (подходящих товаров: 1)","Выпечка-сюрприз: сюрприз «Выпечка постоянному клиенту» за визит № 5"],
  },
  'surprise by chance, seeded': {
    en: ["+1 point: 1 per EUR on €1.00","+10 points: surprise “Lucky”: draw 0.169696 below 0.5 (seed seed-1)"],
    bg: ["+1 точка: 1 за всеки EUR от 1,00\u00a0€","+10 точки: изненада „Късмет“: жребий 0.169696 под 0,5 (seed seed-1)"],
    ru: ["+1 балл: 1 за каждый EUR с 1,00\u00a0€","+10 баллов: сюрприз «Удача»: жребий 0.169696 меньше 0,5 (seed seed-1)"],
  },
  'big purchase': {
    en: ["+1 stamp on the Lunch card for the visit","+52 points: 1 per EUR on €52.00","+20 points: a purchase of €50.00 or more","Хеликон: 10% off books. Code CAFE10"],
    bg: ["+1 печат на карта „Обяд“ за посещението","+52 точки: 1 за всеки EUR от 52,00\u00a0€","+20 точки: покупка за 50,00\u00a0€ или повече","Хеликон: 10% за книги. Код CAFE10"],
    ru: ["+1 штамп на карте «Обед» за визит","+52 балла: 1 за каждый EUR с 52,00\u00a0€","+20 баллов: покупка на 50,00\u00a0€ или больше","Хеликон: 10% на книги. Код CAFE10"],
  },
  'challenge: 3 visits in 7 days': {
    en: ["+1 point: 1 per EUR on €1.00","+15 points: challenge “3 in 7” done: 3 visits in 7 days"],
    bg: ["+1 точка: 1 за всеки EUR от 1,00\u00a0€","+15 точки: предизвикателство „3 за 7“: 3 посещения за 7 дни"],
    ru: ["+1 балл: 1 за каждый EUR с 1,00\u00a0€","+15 баллов: задание «3 за 7» выполнено: визитов — 3 за 7 дн."],
  },
  'velocity flag': {
    en: ["+3 stamps on the Coffee card","Unusual: 13 stamps today (limit 12), staff Мария"],
    bg: ["+3 печата на карта „Кафе“","Необичайно: 13 печата днес (лимит 12), служител Мария"],
    ru: ["+3 штампа на карте «Кофе»","Необычно: 13 штампов за день (лимит 12), сотрудник Мария"],
  },
  'feedback bonus': {
    en: ["+5 points: thank you for your feedback"],
    bg: ["+5 точки: благодарим за отзива"],
    ru: ["+5 баллов: спасибо за отзыв"],
  },
  'feedback already today': {
    en: ["The feedback bonus was already given (once a day)."],
    bg: ["Бонусът за отзив вече е даден (веднъж на ден)."],
    ru: ["Бонус за отзыв уже начислен (раз в 1 день)."],
  },
  'partner coupon': {
    en: ["+1 stamp on the Lunch card for the visit","+12 points: 1 per EUR on €12.00","Хеликон: 10% off books. Code CAFE10"],
    bg: ["+1 печат на карта „Обяд“ за посещението","+12 точки: 1 за всеки EUR от 12,00\u00a0€","Хеликон: 10% за книги. Код CAFE10"],
    ru: ["+1 штамп на карте «Обед» за визит","+12 баллов: 1 за каждый EUR с 12,00\u00a0€","Хеликон: 10% на книги. Код CAFE10"],
  },
  'expiry warning': {
    en: ["+5 points: thank you for your feedback","40 points expire on 20/03/2025"],
    bg: ["+5 точки: благодарим за отзива","40 точки изтичат на 20.03.2025 г."],
    ru: ["+5 баллов: спасибо за отзыв","40 баллов сгорят 20.03.2025"],
  },
  'expiry entry': {
    en: ["−40 points expired on 14/03/2025"],
    bg: ["−40 точки изтекоха на 14.03.2025 г."],
    ru: ["−40 баллов сгорели 14.03.2025"],
  },
};

describe('worked examples, explained in Bulgarian, Russian and English', () => {
  it('has texts for every example and no texts without one', () => {
    expect(Object.keys(said).sort()).toEqual(workedExamples.map((e) => e.mechanic).sort());
  });

  it.each(workedExamples.map((e) => [e.mechanic, e] as const))('%s', (mechanic, ex) => {
    const r = evaluate({ program: ex.program, state: ex.state, event: ex.event, now: ex.now, timeZone: ex.program.timeZone, operationId: 'op', newId: idsFor('op'), ...ex.extra });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const all = [...r.value.explanations, ...r.value.flags.map((f) => f.explanation), ...r.value.receiptExtras.map((x) => x.explanation)];
    for (const locale of ['bg', 'ru', 'en'] as const) {
      expect(all.map((e) => explain(ex.program, e, locale)), locale).toEqual(said[mechanic]![locale]);
    }
  });
});

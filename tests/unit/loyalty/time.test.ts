import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cafeTemplate, isoOfDay, localDay, programSchema, startOfDay, dayOfDate, dateOfDay } from '../../../shared/loyalty';
import { at, customer, step } from './support';

const zones = ['Europe/Sofia', 'Europe/Moscow'] as const;
const doc0 = () => cafeTemplate();
const intlDate = (ms: number, timeZone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);

describe('local days in the store zone', () => {
  it('agree with the calendar date Intl shows, at any instant from 1990 to 2060', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        expect(isoOfDay(localDay(ms, zone))).toBe(intlDate(ms, zone));
      }),
      { numRuns: 2000 },
    );
  });

  it('start at local midnight, even on the days the clocks change', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayOfDate(1995, 1, 1), max: dayOfDate(2060, 1, 1) }), fc.constantFrom(...zones), (day, zone) => {
        const start = startOfDay(day, zone);
        expect(localDay(start, zone)).toBe(day);
        expect(localDay(start - 1, zone)).toBe(day - 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('number civil dates and back without loss, 29 February included', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayOfDate(1600, 1, 1), max: dayOfDate(2400, 12, 31) }), (day) => {
        const d = dateOfDay(day);
        expect(dayOfDate(d.year, d.month, d.day)).toBe(day);
        expect(isoOfDay(day)).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
      }),
      { numRuns: 2000 },
    );
    expect(isoOfDay(dayOfDate(2024, 2, 29) + 1)).toBe('2024-03-01');
    expect(isoOfDay(dayOfDate(2100, 2, 28) + 1)).toBe('2100-03-01');
  });

  it('are 23 and 25 hours long in Sofia when summer time starts and ends, 24 in Moscow', () => {
    const hours = (y: number, m: number, d: number, zone: string) => (startOfDay(dayOfDate(y, m, d) + 1, zone) - startOfDay(dayOfDate(y, m, d), zone)) / 3_600_000;
    expect(hours(2025, 3, 30, 'Europe/Sofia')).toBe(23);
    expect(hours(2025, 10, 26, 'Europe/Sofia')).toBe(25);
    expect(hours(2025, 3, 30, 'Europe/Moscow')).toBe(24);
    expect(startOfDay(dayOfDate(2025, 3, 30), 'Europe/Sofia')).toBe(Date.parse('2025-03-30T00:00:00+02:00'));
    expect(startOfDay(dayOfDate(2025, 10, 26), 'Europe/Sofia')).toBe(Date.parse('2025-10-26T00:00:00+03:00'));
  });
});

describe('occasions at the edges of a day', () => {
  const doc = cafeTemplate();
  const program = programSchema.parse({ ...doc, occasions: { birthday: { daysBefore: 0, daysAfter: 0, gift: { kind: 'points', amount: 10 } } } });
  const birthdayGifts = (now: number, timeZone: string) =>
    step(program, customer({ birthday: '1988-03-20' }), { type: 'day' }, now, { timeZone }).output.entries.length;

  it('give the birthday gift from local midnight, not a second before', () => {
    expect(birthdayGifts(at('2025-03-19T23:59:59+02:00'), 'Europe/Sofia')).toBe(0);
    expect(birthdayGifts(at('2025-03-20T00:00:00+02:00'), 'Europe/Sofia')).toBe(1);
    expect(birthdayGifts(at('2025-03-20T23:59:59+02:00'), 'Europe/Sofia')).toBe(1);
    expect(birthdayGifts(at('2025-03-21T00:00:00+02:00'), 'Europe/Sofia')).toBe(0);
  });

  it('count the day in the store’s zone: 23:30 in Sofia is already the next day in Moscow', () => {
    const instant = at('2025-03-19T23:30:00+02:00');
    expect(birthdayGifts(instant, 'Europe/Sofia')).toBe(0);
    expect(birthdayGifts(instant, 'Europe/Moscow')).toBe(1);
  });

  it('keep the day right across the night summer time starts', () => {
    const p = programSchema.parse({ ...doc, occasions: { birthday: { daysBefore: 0, daysAfter: 0, gift: { kind: 'points', amount: 10 } } } });
    const gifts = (iso: string) => step(p, customer({ birthday: '1988-03-30' }), { type: 'day' }, at(iso)).output.entries.length;
    expect(gifts('2025-03-29T23:59:59+02:00')).toBe(0);
    expect(gifts('2025-03-30T00:00:00+02:00')).toBe(1);
    expect(gifts('2025-03-30T23:59:59+03:00')).toBe(1);
    expect(gifts('2025-03-31T00:00:00+03:00')).toBe(0);
  });
});

describe('time-zone properties of the engine (Sofia and Moscow, summer time, midnight, 29 February)', () => {
  const birthdayProgram = programSchema.parse({ ...doc0(), occasions: { birthday: { daysBefore: 0, daysAfter: 0, gift: { kind: 'points', amount: 10 } } } });
  const monthDay = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).filter(([m, d]) => d <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!);
  // Instants near the edges that matter: any time, local midnight +- a minute, and the summer-time nights.
  const instant = fc.oneof(
    fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
    fc.tuple(fc.integer({ min: dayOfDate(2000, 1, 1), max: dayOfDate(2040, 1, 1) }), fc.constantFrom(...zones), fc.integer({ min: -60_000, max: 60_000 })).map(([d, z, off]) => startOfDay(d, z) + off),
    fc.tuple(fc.integer({ min: 2000, max: 2039 }), fc.constantFrom(3, 10), fc.integer({ min: 0, max: 6 * 3_600_000 })).map(([y, m, off]) => {
      const lastSunday = dayOfDate(y, m, 31) - ((dayOfDate(y, m, 31) + 4) % 7);
      return lastSunday * 86_400_000 - 2 * 3_600_000 + off;
    }),
  );

  it('give the birthday gift exactly when the store’s calendar date is the birthday (29 February on 28 February in a common year)', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), monthDay, (now, zone, [month, day]) => {
        const birthday = `1984-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const gifts = step(birthdayProgram, customer({ birthday }), { type: 'day' }, now, { timeZone: zone }).output.entries.length;
        const local = intlDate(now, zone);
        const year = Number(local.slice(0, 4));
        const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
        const expected = month === 2 && day === 29 && !leap ? `${year}-02-28` : `${year}-${birthday.slice(5)}`;
        expect(gifts).toBe(local === expected ? 1 : 0);
      }),
      { numRuns: 1500 },
    );
  });

  it('give a 29 February birthday exactly once a year, whatever hours the day events run at', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2001, max: 2040 }), fc.constantFrom(...zones), fc.array(fc.integer({ min: 0, max: 23 }), { minLength: 10, maxLength: 10 }), (year, zone, hours) => {
        let state = customer({ birthday: '2000-02-29' });
        let gifts = 0;
        hours.forEach((hour, i) => {
          const now = startOfDay(dayOfDate(year, 2, 23) + i, zone) + hour * 3_600_000;
          const r = step(birthdayProgram, state, { type: 'day' }, now, { timeZone: zone });
          gifts += r.output.entries.length;
          state = r.state;
        });
        expect(gifts).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it('date every lot to the last instant of the local day its expiry falls on, across summer-time changes', () => {
    const expiring = programSchema.parse({ ...doc0(), expiry: { enabled: true, afterDays: 30, warnDays: 7 } });
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), (now, zone) => {
        const { output } = step(expiring, customer(), { type: 'quick-stamp', cardId: 'coffee', count: 1 }, now, { timeZone: zone });
        const expiresAt = output.entries[0]!.expiresAt!;
        expect(localDay(expiresAt, zone)).toBe(localDay(now, zone) + 30);
        expect(localDay(expiresAt + 1, zone)).toBe(localDay(now, zone) + 31);
      }),
      { numRuns: 1000 },
    );
  });
});

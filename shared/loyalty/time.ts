/**
 * Calendar arithmetic in the store's time zone, with Intl as the only source of zone rules.
 *
 * A "day" is a local calendar date numbered as days since 1970-01-01 (the number Date.UTC would give
 * for that date divided by a day), so "3 visits in 7 days", birthdays and windows are integer maths.
 * Intl is slow for a hot loop, so UTC offsets are memoised per zone and per quarter hour of UTC time:
 * every zone in use today changes its offset on a quarter-hour boundary of UTC, so a quarter hour
 * never straddles a change. The memo is a cache of a pure function, not state.
 */

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;
const MEMO_LIMIT = 100_000;

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetMemo = new Map<string, Map<number, number>>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone (e.g. 'Europe/Sofia'). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function offsetFromIntl(ms: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The zone's offset from UTC at the instant `ms`, in milliseconds (Sofia in summer: +3 h). */
export function zoneOffset(ms: number, timeZone: string): number {
  let memo = offsetMemo.get(timeZone);
  if (!memo) {
    memo = new Map();
    offsetMemo.set(timeZone, memo);
  }
  const quarter = Math.floor(ms / QUARTER_MS);
  let offset = memo.get(quarter);
  if (offset === undefined) {
    offset = offsetFromIntl(quarter * QUARTER_MS, timeZone);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(quarter, offset);
  }
  return offset;
}

/** The local calendar day number of an instant. */
export function localDay(ms: number, timeZone: string): number {
  return Math.floor((ms + zoneOffset(ms, timeZone)) / DAY_MS);
}

/** Civil date of a day number (Howard Hinnant's algorithm, proleptic Gregorian). */
export function dateOfDay(dayNumber: number): LocalDate {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Day number of a civil date (the inverse of dateOfDay; plain arithmetic, no Date object). Day may overflow the month, as with Date.UTC. */
export function dayOfDate(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The instant local midnight of `dayNumber` begins (the first instant of that date, even across DST). */
export function startOfDay(dayNumber: number, timeZone: string): number {
  let guess = dayNumber * DAY_MS - zoneOffset(dayNumber * DAY_MS, timeZone);
  for (let i = 0; i < 3; i++) {
    const local = localDay(guess, timeZone);
    if (local === dayNumber && localDay(guess - 1, timeZone) < dayNumber) return guess;
    // Offsets differ on either side of a change: move by the difference and look again.
    const corrected = dayNumber * DAY_MS - zoneOffset(guess, timeZone);
    if (corrected === guess) break;
    guess = corrected;
  }
  // A zone whose midnight does not exist on that date (a change at 00:00) starts the day later.
  while (localDay(guess, timeZone) < dayNumber) guess += QUARTER_MS;
  while (localDay(guess - 1, timeZone) >= dayNumber) guess -= QUARTER_MS;
  return guess;
}

/** 'YYYY-MM-DD' of a day number: stable keys for "once per year" marks and for tests. */
export function isoOfDay(dayNumber: number): string {
  const d = dateOfDay(dayNumber);
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Day number of a 'YYYY-MM-DD' date (the inverse of isoOfDay): the days a manager picks, read as calendar dates. */
export function dayOfIso(iso: string): number {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return dayOfDate(year, month, day);
}

/**
 * The day a yearly date (birthday, name day, anniversary) falls on in `year`. 29 February falls on
 * 28 February in a common year by default ("still February"), or 1 March when the program says so.
 */
export function yearlyDay(year: number, month: number, day: number, leapDay: 'feb28' | 'mar1' = 'feb28'): number {
  if (month === 2 && day === 29 && !isLeapYear(year)) return leapDay === 'feb28' ? dayOfDate(year, 2, 28) : dayOfDate(year, 3, 1);
  return dayOfDate(year, month, day);
}

/** Month and day of a birthday written 'YYYY-MM-DD' or 'MM-DD' / '--MM-DD'; null if it is not one. */
const monthDayMemo = new Map<string, { month: number; day: number } | null>();

export function parseMonthDay(text: string | null | undefined): { month: number; day: number } | null {
  if (!text) return null;
  const memo = monthDayMemo.get(text);
  if (memo !== undefined) return memo;
  const parsed = parseMonthDayUncached(text);
  if (monthDayMemo.size >= MEMO_LIMIT) monthDayMemo.clear();
  monthDayMemo.set(text, parsed);
  return parsed;
}

function parseMonthDayUncached(text: string): { month: number; day: number } | null {
  const m = /^(?:\d{4}-|--)?(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1) return null;
  const max = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= max ? { month, day } : null;
}

export { DAY_MS };

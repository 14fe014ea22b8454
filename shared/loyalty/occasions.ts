import type { Program } from './program';
import { grantGift, setMark, type Run } from './run';
import type { CustomerState } from './state';
import { dateOfDay, localDay, parseMonthDay, yearlyDay } from './time';

/** A yearly occasion near `today`: the year it belongs to and how many days away it is (negative = past). */
export interface OccasionHit {
  year: number;
  day: number;
  offset: number;
}

/** The occurrence of a yearly date whose window [day - before, day + after] contains today, if any. */
function inWindow(
  today: number,
  month: number,
  dayOfMonth: number,
  before: number,
  after: number,
  leapDay: 'feb28' | 'mar1',
): OccasionHit | null {
  const { year } = dateOfDay(today);
  // This year's occurrence, then next year's (a window reaching over New Year), then last year's.
  for (let k = 0; k < 3; k++) {
    const y = k === 0 ? year : k === 1 ? year + 1 : year - 1;
    const day = yearlyDay(y, month, dayOfMonth, leapDay);
    if (today >= day - before && today <= day + after) return { year: y, day, offset: day - today };
  }
  return null;
}

export function birthdayHit(program: Program, state: CustomerState, today: number): OccasionHit | null {
  const rule = program.occasions.birthday;
  const md = parseMonthDay(state.birthday);
  if (!rule || !md) return null;
  return inWindow(today, md.month, md.day, rule.daysBefore, rule.daysAfter, rule.leapDay);
}

const translit: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sht', ъ: 'a', ь: 'y', ю: 'yu', я: 'ya',
};

/** A name as compared: lower case, first word, Bulgarian Cyrillic spelled in Latin (so "Georgi" = "Георги"). */
export function nameKey(name: string): string {
  const first = name.trim().toLowerCase().split(/\s+/)[0] ?? '';
  let out = '';
  for (const ch of first) out += translit[ch] ?? ch;
  return out;
}

const calendarMemo = new WeakMap<object, Map<string, { month: number; day: number }[]>>();

function datesByName(calendar: Record<string, string[]>): Map<string, { month: number; day: number }[]> {
  let map = calendarMemo.get(calendar);
  if (!map) {
    map = new Map();
    for (const [md, names] of Object.entries(calendar)) {
      const parsed = parseMonthDay(md);
      if (!parsed) continue;
      for (const n of names) {
        const key = nameKey(n);
        map.set(key, [...(map.get(key) ?? []), parsed]);
      }
    }
    calendarMemo.set(calendar, map);
  }
  return map;
}

export function nameDayHit(program: Program, state: CustomerState, today: number): OccasionHit | null {
  const rule = program.occasions.nameDay;
  if (!rule || !state.firstName) return null;
  const dates = datesByName(rule.calendar).get(nameKey(state.firstName)) ?? [];
  for (const d of dates) {
    const hit = inWindow(today, d.month, d.day, rule.daysBefore, rule.daysAfter, 'feb28');
    if (hit) return hit;
  }
  return null;
}

export function anniversaryHit(program: Program, state: CustomerState, today: number, timeZone: string): (OccasionHit & { years: number }) | null {
  const rule = program.occasions.anniversary;
  if (!rule) return null;
  const enrolled = dateOfDay(localDay(state.enrolledAt, timeZone));
  const hit = inWindow(today, enrolled.month, enrolled.day, 0, rule.daysAfter, 'feb28');
  if (!hit || hit.year <= enrolled.year) return null;
  return { ...hit, years: hit.year - enrolled.year };
}

/** Birthday, name day and membership anniversary gifts, each at most once per year. */
export function grantOccasions(run: Run): void {
  const o = run.program.occasions;
  const birthday = o.birthday ? birthdayHit(run.program, run.state, run.today) : null;
  if (o.birthday && birthday && run.state.marks.birthday !== String(birthday.year)) {
    setMark(run, 'birthday', String(birthday.year));
    grantGift(run, o.birthday.gift, 'occasion:birthday', 'loyalty.reason.birthday', { year: birthday.year });
  }
  const nameDay = o.nameDay ? nameDayHit(run.program, run.state, run.today) : null;
  if (o.nameDay && nameDay && run.state.marks.nameDay !== String(nameDay.year)) {
    setMark(run, 'nameDay', String(nameDay.year));
    grantGift(run, o.nameDay.gift, 'occasion:name-day', 'loyalty.reason.name_day', { year: nameDay.year, name: run.state.firstName ?? '' });
  }
  const anniversary = o.anniversary ? anniversaryHit(run.program, run.state, run.today, run.input.timeZone) : null;
  if (o.anniversary && anniversary && run.state.marks.anniversary !== String(anniversary.year)) {
    setMark(run, 'anniversary', String(anniversary.year));
    grantGift(run, o.anniversary.gift, 'occasion:anniversary', 'loyalty.reason.anniversary', { years: anniversary.years, year: anniversary.year });
  }
}

/**
 * Wall-clock dates and times for the demo world. Every date the exports carry is a
 * local date in Asia/Shanghai, and the generator never needs time zones: a `Day` is a
 * count of days since 1970-01-01 and a `Stamp` a count of seconds since 1970-01-01
 * 00:00, both on the local wall clock (computed with UTC arithmetic so that the
 * machine's own zone cannot leak in).
 */

/** Days since 1970-01-01 (local calendar). */
export type Day = number;
/** Seconds since 1970-01-01 00:00 (local wall clock). */
export type Stamp = number;

const MS_PER_DAY = 86_400_000;

export function dayOf(year: number, month: number, day: number): Day {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

/**
 * Civil date of a day count (Howard Hinnant's days-to-civil). Arithmetic rather than a
 * `Date`: it runs for every sign-in time written, ~12 M times a year at province scale.
 */
export function ymdOf(day: Day): Ymd {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: d };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: Day): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: Day): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

/** The nearest weekday on or after `day`. */
export function weekdayOnOrAfter(day: Day): Day {
  let d = day;
  while (isWeekend(d)) d++;
  return d;
}

export function monthStart(year: number, month: number): Day {
  return dayOf(year, month, 1);
}

export function monthEnd(year: number, month: number): Day {
  return month === 12 ? dayOf(year + 1, 1, 1) - 1 : dayOf(year, month + 1, 1) - 1;
}

export function quarterOfMonth(month: number): number {
  return Math.floor((month - 1) / 3) + 1;
}

export function quarterStart(year: number, quarter: number): Day {
  return monthStart(year, quarter * 3 - 2);
}

export function quarterEnd(year: number, quarter: number): Day {
  return monthEnd(year, quarter * 3);
}

export function addMonths(year: number, month: number, n: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + n;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function stampOf(day: Day, hour: number, minute: number, second = 0): Stamp {
  return day * 86_400 + hour * 3600 + minute * 60 + second;
}

export function dayOfStamp(stamp: Stamp): Day {
  return Math.floor(stamp / 86_400);
}

export interface Ymdhms extends Ymd {
  hour: number;
  minute: number;
  second: number;
}

export function partsOfStamp(stamp: Stamp): Ymdhms {
  const day = Math.floor(stamp / 86_400);
  const secondOfDay = stamp - day * 86_400;
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay - hour * 3600) / 60);
  const { year, month, day: dayOfMonth } = ymdOf(day);
  return { year, month, day: dayOfMonth, hour, minute, second: secondOfDay - hour * 3600 - minute * 60 };
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function isoDay(day: Day): string {
  const { year, month, day: d } = ymdOf(day);
  return `${year}-${pad2(month)}-${pad2(d)}`;
}

/** Parses `YYYY-MM-DD`, or returns null when the text is not a real date. */
export function parseIsoDay(text: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const result = dayOf(year, month, day);
  const back = ymdOf(result);
  return back.year === year && back.month === month && back.day === day ? result : null;
}

/** Yesterday's date in Asia/Shanghai (UTC+8 all year, no daylight saving). */
export function yesterdayInShanghai(now: Date = new Date()): Day {
  return Math.floor((now.getTime() + 8 * 3600_000) / MS_PER_DAY) - 1;
}

/**
 * An Excel date cell for a wall-clock value. Spreadsheet cells carry no time zone and
 * XLSX libraries read and write them as UTC `Date`s, so the UTC fields of this Date are
 * the local wall-clock fields (data-contract.md, "Excel date cells").
 */
export function excelDateOfStamp(stamp: Stamp): Date {
  return new Date(stamp * 1000);
}

export function excelDateOfDay(day: Day): Date {
  return new Date(day * MS_PER_DAY);
}

/** `2024Q3` */
export function quarterLabel(year: number, quarter: number): string {
  return `${year}Q${quarter}`;
}

/** `2024-03` */
export function monthLabel(year: number, month: number): string {
  return `${year}-${pad2(month)}`;
}

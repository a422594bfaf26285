/**
 * The dashboard's view state: one typed object, mirrored in the URL's query string so that a
 * link shows the same view to a colleague. Fields equal to their default are left out of the URL.
 */
import { isLang, type Lang } from '../i18n/dict.ts';
import { parseCalendarDate, parsePeriod } from './periods.ts';

export const UNIT_LEVELS = ['university', 'college', 'branch'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const SCHOOL_LEVELS = ['本科', '专科'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

export const CITIES = ['合肥', '芜湖', '蚌埠', '淮南', '马鞍山', '淮北', '铜陵', '安庆', '黄山', '滁州', '阜阳', '宿州', '六安', '亳州', '池州', '宣城'] as const;
export type City = (typeof CITIES)[number];

export interface DashboardState {
  /** The period shown: a month `2024-03`, a quarter `2024Q1` or a year `2024` (URL `period`).
   *  Default: the last quarter complete by `as_of`. */
  period: string;
  /** The date the figures are computed as of, `YYYY-MM-DD` (URL `as_of`): only what happened by
   *  then counts, and only sub-periods ended by then are required (indicators.md "Periods").
   *  Null: the warehouse's own (the date of the latest activity, as the models were built).
   *  A date outside the data is reported and dropped (request.ts). Shown on every page. */
  as_of: string | null;
  /** Which units a ranking lists: universities, colleges or branches (URL `level`). */
  level: UnitLevel;
  /** Filter: one of the 16 cities (URL `city`); null = all. */
  city: City | null;
  /** Filter: 本科 or 专科 (URL `school_level`); null = all. */
  school_level: SchoolLevel | null;
  /** Filter: colleges or branches of this university only (URL `university`). */
  university: string | null;
  /** Sort of the main table: a column name, `-` first for descending (URL `sort`); null = by rank. */
  sort: string | null;
  /** Interface language (URL `lang`, remembered in a cookie). */
  lang: Lang;
}

export interface StateProblem {
  field: keyof DashboardState;
  value: string;
  /** Why a well-formed value was refused (as_of: outside the data); absent when it is malformed. */
  reason?: 'after_data' | 'before_data' | 'no_data';
}

/** Defaults that depend on the warehouse (the default period depends on as_of). */
export interface StateDefaults {
  period: string;
  lang: Lang;
}

const SORT = /^-?[a-z_][a-z0-9_]{0,40}$/;

/** Read the state from a URL; values that are not valid are replaced by defaults and reported. */
export function readState(params: URLSearchParams, defaults: StateDefaults): { state: DashboardState; problems: StateProblem[] } {
  const problems: StateProblem[] = [];
  const get = (name: string) => {
    const v = params.get(name);
    return v === null || v.trim() === '' ? null : v.trim();
  };
  const rawPeriod = get('period');
  const period = parsePeriod(rawPeriod);
  if (rawPeriod !== null && !period) problems.push({ field: 'period', value: rawPeriod });
  const rawAsOf = get('as_of');
  const asOf = parseCalendarDate(rawAsOf);
  if (rawAsOf !== null && !asOf) problems.push({ field: 'as_of', value: rawAsOf });
  const rawLevel = get('level');
  const level = (UNIT_LEVELS as readonly string[]).includes(rawLevel ?? '') ? (rawLevel as UnitLevel) : 'university';
  if (rawLevel !== null && level !== rawLevel) problems.push({ field: 'level', value: rawLevel });
  const rawCity = get('city');
  const city = (CITIES as readonly string[]).includes(rawCity ?? '') ? (rawCity as City) : null;
  if (rawCity !== null && !city) problems.push({ field: 'city', value: rawCity });
  const rawSchool = get('school_level');
  const school = (SCHOOL_LEVELS as readonly string[]).includes(rawSchool ?? '') ? (rawSchool as SchoolLevel) : null;
  if (rawSchool !== null && !school) problems.push({ field: 'school_level', value: rawSchool });
  const rawSort = get('sort');
  const sort = rawSort && SORT.test(rawSort) ? rawSort : null;
  if (rawSort !== null && !sort) problems.push({ field: 'sort', value: rawSort });
  const rawLang = get('lang');
  const lang = isLang(rawLang) ? rawLang : defaults.lang;
  return {
    state: {
      period: period?.code ?? defaults.period,
      as_of: asOf,
      level,
      city,
      school_level: school,
      university: get('university'),
      sort,
      lang,
    },
    problems,
  };
}

/** The query string of `state`, defaults left out, in a stable order. */
export function stateToParams(state: DashboardState, defaults: StateDefaults): URLSearchParams {
  const p = new URLSearchParams();
  if (state.period !== defaults.period) p.set('period', state.period);
  if (state.as_of) p.set('as_of', state.as_of);
  if (state.level !== 'university') p.set('level', state.level);
  if (state.city) p.set('city', state.city);
  if (state.school_level) p.set('school_level', state.school_level);
  if (state.university) p.set('university', state.university);
  if (state.sort) p.set('sort', state.sort);
  if (state.lang !== defaults.lang) p.set('lang', state.lang);
  return p;
}

/** `path` with the query string of `state` changed by `patch`. */
export function hrefWith(path: string, state: DashboardState, defaults: StateDefaults, patch: Partial<DashboardState> = {}): string {
  const qs = stateToParams({ ...state, ...patch }, defaults).toString();
  return qs ? `${path}?${qs}` : path;
}

/** A link to another page that keeps the period, as_of and language but not this page's filters. */
export function linkTo(path: string, state: DashboardState, defaults: StateDefaults): string {
  return hrefWith(path, { ...state, level: 'university', city: null, school_level: null, university: null, sort: null }, defaults);
}

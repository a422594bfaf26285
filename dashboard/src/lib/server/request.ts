/**
 * The view state of a request: the signed-in user's scope, the warehouse context (read once per
 * data generation, cache/context.ts), the as_of the figures are for, the default period (the
 * last quarter complete by that as_of), and the URL's state with its problems. requestView()
 * requires a signed-in user: every route that reads data gets its scope from here and hands it to
 * the query functions ($lib/server/auth.ts, auth/scope.ts), inside view.read().
 *
 * An as_of in the URL other than the built one is applied: the page reads the models built for
 * that date (as-of-builds.ts), kept while the data does not change. A date after the latest
 * activity or before the first, or one that is not a date, is reported and the built as_of shown.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { requireScope, type Scope } from './auth.ts';
import { leaseAsOfBuild } from './as-of-builds.ts';
import { pageResults } from './cache/results.ts';
import { dataGeneration } from './generation.ts';
import { warehouseContext } from './cache/context.ts';
import type { WarehouseContext } from './queries/context.ts';
import { readingFrom } from './warehouse.ts';
import { readState, type DashboardState, type StateDefaults, type StateProblem } from '../state/dashboard.ts';
import { lastCompleteQuarter, parseCalendarDate, parsePeriod, type Period } from '../state/periods.ts';

export interface RequestView extends PublicView {
  /** What the signed-in user may see; every query function takes it. */
  scope: Scope;
  /**
   * Read what the page shows: `work` runs on the models of the view's as_of, and its result is
   * kept for the same question until the data changes (cache/results.ts). The question is `name`
   * (which read of the route), the URL (path and query), the scope and the as_of: a read must
   * depend on nothing else. Audit entries are written by the route outside of it, every request.
   */
  read<T>(name: string, work: () => Promise<T>): Promise<T>;
  /**
   * Read on the models of the view's as_of without keeping the result: a full list exported
   * once (megabytes, which the result cache would not keep anyway).
   */
  readOnce<T>(work: () => Promise<T>): Promise<T>;
}

/** The view state without a user (the root layout, which also frames /login). */
export interface PublicView {
  context: WarehouseContext;
  /** The data generation the view was taken in (generation.ts). */
  generation: number;
  /** The as_of the figures are for: the URL's when applied, else the built one (today when the warehouse is empty). */
  asOf: string;
  /** The as_of the warehouse's own models were built for (today when empty). */
  builtAsOf: string;
  /** The dates an as_of may be chosen from: the first activity's to the latest (or the built as_of, if later); null when empty. */
  asOfSpan: { first: string; last: string } | null;
  defaults: StateDefaults;
  state: DashboardState;
  period: Period;
  problems: StateProblem[];
}

function todayInShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

type ViewEvent = Pick<RequestEvent, 'url' | 'locals'>;

export async function requestView(event: ViewEvent): Promise<RequestView> {
  const scope = requireScope(event);
  const view = await publicView(event);
  const target = event.locals.asOfLease?.build ?? null;
  const question = [event.url.pathname, searchKey(event.url), scopeKey(scope), view.asOf];
  return {
    ...view,
    scope,
    read: (name, work) => pageResults().get(view.generation, ['page', name, ...question], () => readingFrom(target, work)),
    readOnce: (work) => readingFrom(target, work),
  };
}

/**
 * Read what a page without view state shows (/data: the warehouse's bookkeeping, not figures):
 * on the warehouse itself, kept until the data changes, keyed as view.read keys its reads
 * (`scope` from requireScope: the read must depend on nothing but it and the URL).
 */
export function warehouseRead<T>(event: ViewEvent, scope: Scope, name: string, work: () => Promise<T>): Promise<T> {
  const key = ['warehouse', name, event.url.pathname, searchKey(event.url), scopeKey(scope)];
  return pageResults().get(dataGeneration(), key, () => readingFrom(null, work));
}

/** The view of this request, taken once (the layout and the page both ask for it). */
export function publicView(event: ViewEvent): Promise<PublicView> {
  event.locals.view ??= takeView(event);
  return event.locals.view;
}

/**
 * The request is answered: let go of its as_of build (hooks.server.ts calls this when the
 * response is made; a view still being taken lets go as soon as it has it).
 */
export function endRequest(locals: App.Locals): void {
  locals.ended = true;
  locals.asOfLease?.release();
}

async function takeView(event: ViewEvent): Promise<PublicView> {
  const { generation, context: pending } = warehouseContext();
  const context = await pending;
  const builtAsOf = context.asOf ?? todayInShanghai();
  const asked = parseCalendarDate(event.url.searchParams.get('as_of'));
  let asOf = builtAsOf;
  let refused: StateProblem | null = null;
  // The data spans firstDay … lastDay (the build may be for a later date: that one too).
  const asOfSpan = context.firstDay === null ? null : { first: context.firstDay, last: context.lastDay !== null && context.lastDay > builtAsOf ? context.lastDay : builtAsOf };
  if (asked !== null && asked !== builtAsOf) {
    if (asOfSpan === null) refused = { field: 'as_of', value: asked, reason: 'no_data' };
    else if (asked > asOfSpan.last) refused = { field: 'as_of', value: asked, reason: 'after_data' };
    else if (asked < asOfSpan.first) refused = { field: 'as_of', value: asked, reason: 'before_data' };
    else if (event.locals.user) {
      // Only for a signed-in user: a visitor of /login is shown no figures and builds nothing.
      const lease = await leaseAsOfBuild(asked);
      if (event.locals.ended) lease.release();
      else event.locals.asOfLease = lease;
      asOf = asked;
    }
  }
  const defaults: StateDefaults = { period: lastCompleteQuarter(asOf).code, lang: event.locals.lang };
  const { state, problems } = readState(event.url.searchParams, defaults);
  if (refused) {
    problems.push(refused);
    state.as_of = null;
  }
  // A university filter in the URL outside the signed-in user's university: as if it did not exist.
  const scope = event.locals.user?.scope;
  if (scope && scope.role !== 'province' && state.university !== null && state.university !== scope.universityCode) error(404, '页面不存在');
  return { context, generation, asOf, builtAsOf, asOfSpan, defaults, state, period: parsePeriod(state.period)!, problems };
}

/** The query string in a stable order, without SvelteKit's own parameters (a data request's). */
function searchKey(url: URL): string {
  const params = [...url.searchParams.entries()].filter(([name]) => !name.startsWith('x-sveltekit-'));
  params.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return new URLSearchParams(params).toString();
}

function scopeKey(scope: Scope): string {
  switch (scope.role) {
    case 'province':
      return 'province';
    case 'university':
      return `university:${scope.universityCode}`;
    case 'college':
      return `college:${scope.universityCode}:${scope.collegeCode}`;
  }
}

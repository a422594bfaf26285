/**
 * The view state of a request: the signed-in user's scope, the warehouse context (read once per
 * request), the default period (the last quarter complete by as_of), and the URL's state with
 * its problems. requestView() requires a signed-in user: every route that reads data gets its
 * scope from here and hands it to the query functions ($lib/server/auth.ts, auth/scope.ts).
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { requireScope, type Scope } from './auth.ts';
import { getWarehouseContext, type WarehouseContext } from './queries/context.ts';
import { readState, type DashboardState, type StateDefaults, type StateProblem } from '../state/dashboard.ts';
import { lastCompleteQuarter, parsePeriod, type Period } from '../state/periods.ts';

export interface RequestView extends PublicView {
  /** What the signed-in user may see; every query function takes it. */
  scope: Scope;
}

/** The view state without a user (the root layout, which also frames /login). */
export interface PublicView {
  context: WarehouseContext;
  /** The as_of the models were built for (today when the warehouse is empty). */
  asOf: string;
  defaults: StateDefaults;
  state: DashboardState;
  period: Period;
  problems: StateProblem[];
}

function todayInShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export async function requestView(event: Pick<RequestEvent, 'url' | 'locals'>): Promise<RequestView> {
  const scope = requireScope(event);
  return { ...(await publicView(event)), scope };
}

export async function publicView(event: Pick<RequestEvent, 'url' | 'locals'>): Promise<PublicView> {
  event.locals.context ??= getWarehouseContext();
  const context = await event.locals.context;
  const warehouseAsOf = context.asOf ?? todayInShanghai();
  const defaults: StateDefaults = { period: lastCompleteQuarter(warehouseAsOf).code, lang: event.locals.lang };
  const { state, problems } = readState(event.url.searchParams, defaults);
  // The marts are computed for one as_of (`zhixiao build --as-of`); a different one in the URL
  // cannot be honoured at request time, so it is reported and the built one is shown.
  if (state.as_of && state.as_of !== warehouseAsOf) problems.push({ field: 'as_of', value: state.as_of });
  // A university filter in the URL outside the signed-in user's university: as if it did not exist.
  const scope = event.locals.user?.scope;
  if (scope && scope.role !== 'province' && state.university !== null && state.university !== scope.universityCode) error(404, '页面不存在');
  return { context, asOf: warehouseAsOf, defaults, state, period: parsePeriod(state.period)!, problems };
}

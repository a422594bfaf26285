/**
 * The view state of a request: the warehouse context (read once per request), the default
 * period (the last quarter complete by as_of), and the URL's state with its problems.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { getWarehouseContext, type WarehouseContext } from './queries/context.ts';
import { readState, type DashboardState, type StateDefaults, type StateProblem } from '../state/dashboard.ts';
import { lastCompleteQuarter, parsePeriod, type Period } from '../state/periods.ts';

export interface RequestView {
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
  event.locals.context ??= getWarehouseContext();
  const context = await event.locals.context;
  const warehouseAsOf = context.asOf ?? todayInShanghai();
  const defaults: StateDefaults = { period: lastCompleteQuarter(warehouseAsOf).code, lang: event.locals.lang };
  const { state, problems } = readState(event.url.searchParams, defaults);
  // The marts are computed for one as_of (`zhixiao build --as-of`); a different one in the URL
  // cannot be honoured at request time, so it is reported and the built one is shown.
  if (state.as_of && state.as_of !== warehouseAsOf) problems.push({ field: 'as_of', value: state.as_of });
  return { context, asOf: warehouseAsOf, defaults, state, period: parsePeriod(state.period)!, problems };
}

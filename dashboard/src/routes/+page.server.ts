// 总览: the province's figures for the period (one server function, fields the page shows).
import type { PageServerLoad } from './$types';
import { requestView } from '$lib/server/request.ts';
import { getOverview } from '$lib/server/queries/overview.ts';

export const load: PageServerLoad = async (event) => {
  const view = await requestView(event);
  const overview = await view.read('overview', () => getOverview(view.scope, view.period, view.asOf, new Set(view.context.relations)));
  return { overview, title: event.locals.lang === 'en' ? 'Overview' : '总览', crumbs: [] };
};

// 案例: universities × quarters submission matrix since 2022Q2, excellent cases per quarter.
import type { PageServerLoad } from './$types';
import { requestView } from '$lib/server/request.ts';
import { getCasesPage } from '$lib/server/queries/cases.ts';

export const load: PageServerLoad = async (event) => {
  const view = await requestView(event);
  const cases = await view.read('cases', () => getCasesPage(view.scope, view.period, view.asOf, new Set(view.context.relations)));
  return { cases, title: event.locals.lang === 'en' ? 'Case library' : '典型案例', crumbs: [] };
};

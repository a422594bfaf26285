// 整改: items by status, due and overdue, closure rate by university, ageing.
import type { PageServerLoad } from './$types';
import { readRectificationFilters } from '$lib/features/rectification/filters.ts';
import { requestView } from '$lib/server/request.ts';
import { getRectificationPage } from '$lib/server/queries/rectification.ts';

export const load: PageServerLoad = async (event) => {
  const view = await requestView(event);
  const { filters, problems } = readRectificationFilters(event.url.searchParams);
  const rectification = await view.read('rectification', () => getRectificationPage(view.scope, { period: view.period, asOf: view.asOf, university: view.state.university, filters }, new Set(view.context.relations)));
  return { rectification, filters, filterProblems: problems, title: event.locals.lang === 'en' ? 'Rectification' : '整改落实', crumbs: [] };
};

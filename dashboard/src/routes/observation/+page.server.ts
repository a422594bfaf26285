// 列席: coverage by university, branches not observed in the last N quarters, the suggested list.
import type { PageServerLoad } from './$types';
import { readQuarters, readTop } from '$lib/features/observation/filters.ts';
import { requestView } from '$lib/server/request.ts';
import { getObservationPage } from '$lib/server/queries/observation.ts';

export const load: PageServerLoad = async (event) => {
  const view = await requestView(event);
  const { quarters, problem } = readQuarters(event.url.searchParams);
  const { top, problem: topProblem } = readTop(event.url.searchParams);
  const observation = await view.read('observation', () => getObservationPage(view.scope, { period: view.period, asOf: view.asOf, university: view.state.university, quarters, top }, new Set(view.context.relations)));
  return { observation, quarters, top, filterProblems: [problem, topProblem].filter((p): p is string => p !== null), title: event.locals.lang === 'en' ? 'Observation planning' : '列席督导', crumbs: [] };
};

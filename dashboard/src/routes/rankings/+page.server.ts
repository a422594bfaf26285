// 排名: validate the view state, read the ranking of the chosen level.
import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { hrefWith } from '$lib/state/dashboard.ts';
import { requestView } from '$lib/server/request.ts';
import { getRankings } from '$lib/server/queries/rankings.ts';

export const load: PageServerLoad = async (event) => {
  const view = await requestView(event);
  const { state } = view;
  // A college user ranks the branches of its college (it sees no university's whole ranking): the
  // university level, or no university chosen, goes to its branch ranking, kept in the URL.
  if (view.scope.role === 'college' && (state.level === 'university' || state.university !== view.scope.universityCode)) {
    redirect(303, hrefWith('/rankings', { ...state, level: state.level === 'university' ? 'branch' : state.level, university: view.scope.universityCode }, view.defaults));
  }
  // A university user sees no other university: unless it asks for the universities' level (its own
  // row, its rank in the province), its ranking is of its colleges.
  if (view.scope.role === 'university' && !event.url.searchParams.has('level')) {
    redirect(303, hrefWith('/rankings', { ...state, level: 'college', university: view.scope.universityCode }, view.defaults));
  }
  const rankings = await view.read('rankings', () =>
    getRankings(
      view.scope,
      { period: view.period, level: state.level, city: state.city, schoolLevel: state.school_level, university: state.university },
      new Set(view.context.relations),
    ),
  );
  return { rankings, title: event.locals.lang === 'en' ? 'Rankings' : '督查排名', crumbs: [] };
};

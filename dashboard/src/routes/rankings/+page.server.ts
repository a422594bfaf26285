// 排名: validate the view state, read the ranking of the chosen level.
import type { PageServerLoad } from './$types';
import { requestView } from '$lib/server/request.ts';
import { getRankings } from '$lib/server/queries/rankings.ts';

export const load: PageServerLoad = async (event) => {
  const view = await requestView(event);
  const { state } = view;
  const rankings = await view.read('rankings', () =>
    getRankings(
      view.scope,
      { period: view.period, level: state.level, city: state.city, schoolLevel: state.school_level, university: state.university },
      new Set(view.context.relations),
    ),
  );
  return { rankings, title: event.locals.lang === 'en' ? 'Rankings' : '督查排名', crumbs: [] };
};

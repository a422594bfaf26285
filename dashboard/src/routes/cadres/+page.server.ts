// 干部: dual organisational life of leading cadres — compliance by university, cadres who missed quarters.
import type { PageServerLoad } from './$types';
import { requestView } from '$lib/server/request.ts';
import { audit } from '$lib/server/auth.ts';
import { getCadresPage } from '$lib/server/queries/cadres.ts';

export const load: PageServerLoad = async (event) => {
  const view = await requestView(event);
  const cadres = await view.read('cadres', () => getCadresPage(view.scope, view.period, view.state.university, new Set(view.context.relations)));
  // Cadres who missed quarters are listed by (masked) name: a member-level view.
  await audit(event, 'view_members', { detail: '干部双重组织生活（缺课干部名单）' });
  return { cadres, title: event.locals.lang === 'en' ? 'Leading cadres' : '双重组织生活', crumbs: [] };
};

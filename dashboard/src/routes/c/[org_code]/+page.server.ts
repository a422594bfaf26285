// 院系: one college's page for the period.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requestView } from '$lib/server/request.ts';
import { getCollegePage } from '$lib/server/queries/college.ts';
import { linkTo } from '$lib/state/dashboard.ts';

export const load: PageServerLoad = async (event) => {
  const view = await requestView(event);
  const code = event.params.org_code;
  const college = await view.read('college', () => getCollegePage(view.scope, code, view.period, view.asOf, new Set(view.context.relations)));
  if (!college) error(404, '没有这个院系党组织，或它不在您的查看范围内');
  const f = college.facts;
  return {
    college,
    title: f.org_name,
    crumbs: [
      { label: f.university_name, href: view.scope.role === 'college' ? null : linkTo(`/u/${encodeURIComponent(f.university_code)}`, view.state, view.defaults), kind: 'university' as const },
      { label: f.org_name, href: null, kind: 'college' as const },
    ],
  };
};

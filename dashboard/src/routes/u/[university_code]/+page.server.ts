// 高校: one university's page for the period.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requestView } from '$lib/server/request.ts';
import { getUniversityPage } from '$lib/server/queries/university.ts';

export const load: PageServerLoad = async (event) => {
  const view = await requestView(event);
  const code = event.params.university_code;
  const university = await view.read('university', () => getUniversityPage(view.scope, code, view.period, view.asOf, new Set(view.context.relations)));
  if (!university) error(404, '没有这所高校，或它不在您的查看范围内');
  return {
    university,
    title: university.facts.university_name,
    crumbs: [{ label: university.facts.university_name, href: null, kind: 'university' as const }],
  };
};

// 支部: one branch's page for the period.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requestView } from '$lib/server/request.ts';
import { getBranchPage } from '$lib/server/queries/branch.ts';
import { linkTo } from '$lib/state/dashboard.ts';

export const load: PageServerLoad = async (event) => {
  const view = await requestView(event);
  const code = event.params.branch_code;
  const branch = await getBranchPage(code, view.period, view.asOf, new Set(view.context.relations));
  if (!branch) error(404, `没有代码为 ${code} 的党支部`);
  const f = branch.facts;
  const link = (path: string) => linkTo(path, view.state, view.defaults);
  return {
    branch,
    title: f.org_name,
    crumbs: [
      { label: f.university_name, href: link(`/u/${encodeURIComponent(f.university_code)}`), kind: 'university' as const },
      ...(f.college_code ? [{ label: f.college_name ?? f.college_code, href: link(`/c/${encodeURIComponent(f.college_code)}`), kind: 'college' as const }] : []),
      { label: f.org_name, href: null, kind: 'branch' as const },
    ],
  };
};

// 支部: one branch's page for the period.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requestView } from '$lib/server/request.ts';
import { audit } from '$lib/server/auth.ts';
import { getBranchPage } from '$lib/server/queries/branch.ts';
import { linkTo } from '$lib/state/dashboard.ts';

export const load: PageServerLoad = async (event) => {
  const view = await requestView(event);
  const code = event.params.branch_code;
  const branch = await view.read('branch', () => getBranchPage(view.scope, code, view.period, view.asOf, new Set(view.context.relations)));
  if (!branch) error(404, '没有这个党支部，或它不在您的查看范围内');
  // The page carries the attendance matrix (members × meetings): a member-level view.
  await audit(event, 'view_members', { detail: '支部页（出勤矩阵）' });
  const f = branch.facts;
  const link = (path: string) => linkTo(path, view.state, view.defaults);
  return {
    branch,
    title: f.org_name,
    crumbs: [
      { label: f.university_name, href: view.scope.role === 'college' ? null : link(`/u/${encodeURIComponent(f.university_code)}`), kind: 'university' as const },
      ...(f.college_code ? [{ label: f.college_name ?? f.college_code, href: link(`/c/${encodeURIComponent(f.college_code)}`), kind: 'college' as const }] : []),
      { label: f.org_name, href: null, kind: 'branch' as const },
    ],
  };
};

// 活动: one meeting.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requestView } from '$lib/server/request.ts';
import { audit } from '$lib/server/auth.ts';
import { getActivityPage } from '$lib/server/queries/activity.ts';
import { linkTo } from '$lib/state/dashboard.ts';

export const load: PageServerLoad = async (event) => {
  const view = await requestView(event);
  const id = event.params.activity_id;
  const activity = await view.read('activity', () => getActivityPage(view.scope, id));
  if (!activity) error(404, '没有这个活动，或它不在您的查看范围内');
  // The roll lists members with their attendance: a member-level view.
  await audit(event, 'view_members', { detail: '活动签到名单' });
  const b = activity.branch;
  const link = (path: string) => linkTo(path, view.state, view.defaults);
  return {
    activity,
    title: activity.activity.title,
    crumbs: [
      ...(b ? [{ label: b.university_name, href: view.scope.role === 'college' ? null : link(`/u/${encodeURIComponent(b.university_code)}`), kind: 'university' as const }] : []),
      ...(b?.college_code ? [{ label: b.college_name ?? b.college_code, href: link(`/c/${encodeURIComponent(b.college_code)}`), kind: 'college' as const }] : []),
      ...(b ? [{ label: b.org_name, href: link(`/b/${encodeURIComponent(b.org_code)}`), kind: 'branch' as const }] : []),
      { label: activity.activity.title, href: null, kind: 'activity' as const },
    ],
  };
};

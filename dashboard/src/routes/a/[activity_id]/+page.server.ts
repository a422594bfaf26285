// 活动: one meeting.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requestView } from '$lib/server/request.ts';
import { getActivityPage } from '$lib/server/queries/activity.ts';
import { linkTo } from '$lib/state/dashboard.ts';

export const load: PageServerLoad = async (event) => {
  const view = await requestView(event);
  const id = event.params.activity_id;
  const activity = await getActivityPage(id);
  if (!activity) error(404, `没有编号为 ${id} 的活动`);
  const b = activity.branch;
  const link = (path: string) => linkTo(path, view.state, view.defaults);
  return {
    activity,
    title: activity.activity.title,
    crumbs: [
      ...(b ? [{ label: b.university_name, href: link(`/u/${encodeURIComponent(b.university_code)}`), kind: 'university' as const }] : []),
      ...(b?.college_code ? [{ label: b.college_name ?? b.college_code, href: link(`/c/${encodeURIComponent(b.college_code)}`), kind: 'college' as const }] : []),
      ...(b ? [{ label: b.org_name, href: link(`/b/${encodeURIComponent(b.org_code)}`), kind: 'branch' as const }] : []),
      { label: activity.activity.title, href: null, kind: 'activity' as const },
    ],
  };
};

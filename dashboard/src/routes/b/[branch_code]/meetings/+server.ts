// One branch's meetings in one month (the heatmap's click), as JSON: ?month=2024-03.
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestView } from '$lib/server/request.ts';
import { getBranchMeetings } from '$lib/server/queries/university.ts';
import { parsePeriod } from '$lib/state/periods.ts';

export const GET: RequestHandler = async (event) => {
  const view = await requestView(event);
  const month = parsePeriod(event.url.searchParams.get('month'));
  if (!month || month.kind !== 'month') error(400, '参数 month 应为 YYYY-MM');
  const meetings = await view.read('meetings', () => getBranchMeetings(view.scope, event.params.branch_code, month.start, month.end, view.asOf));
  if (!meetings) error(404, '页面不存在');
  return json(meetings);
};

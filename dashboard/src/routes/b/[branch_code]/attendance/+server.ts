// The branch's attendance rows for the period (members × meetings, long form) as Arrow IPC.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { audit } from '$lib/server/auth.ts';
import { requestView } from '$lib/server/request.ts';
import { arrowIpc, arrowResponse } from '$lib/server/arrow.ts';
import { getAttendanceMatrix } from '$lib/server/queries/branch.ts';

export const GET: RequestHandler = async (event) => {
  const view = await requestView(event);
  // Kept encoded: the same matrix is sent to every request until the data changes.
  const ipc = await view.read('attendance', async () => {
    const matrix = await getAttendanceMatrix(view.scope, event.params.branch_code, view.period, view.asOf);
    return matrix && arrowIpc(matrix);
  });
  if (!ipc) error(404, '页面不存在');
  await audit(event, 'view_members', { detail: '出勤矩阵数据' });
  return arrowResponse(ipc);
};

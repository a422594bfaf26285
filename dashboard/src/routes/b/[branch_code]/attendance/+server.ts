// The branch's attendance rows for the period (members × meetings, long form) as Arrow IPC.
import type { RequestHandler } from './$types';
import { requestView } from '$lib/server/request.ts';
import { arrowResponse } from '$lib/server/arrow.ts';
import { getAttendanceMatrix } from '$lib/server/queries/branch.ts';

export const GET: RequestHandler = async (event) => {
  const view = await requestView(event);
  return arrowResponse(await getAttendanceMatrix(event.params.branch_code, view.period, view.asOf));
};

// The cadence heatmap cells of a university (branches × months) as an Arrow IPC stream.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestView } from '$lib/server/request.ts';
import { arrowIpc, arrowResponse } from '$lib/server/arrow.ts';
import { getCadenceCells, heatmapMonths } from '$lib/server/queries/university.ts';

export const GET: RequestHandler = async (event) => {
  const view = await requestView(event);
  if (!view.context.relations.includes('mart_cadence_cells')) error(404, '规范执行模型尚未建立 (mart_cadence_cells)');
  const college = event.url.searchParams.get('college');
  // Kept encoded: the same cells are sent to every request until the data changes.
  const ipc = await view.read('cadence', async () => {
    const cells = await getCadenceCells(view.scope, event.params.university_code, heatmapMonths(view.period, view.asOf), college);
    return cells && arrowIpc({ ...cells });
  });
  if (!ipc) error(404, '页面不存在');
  return arrowResponse(ipc);
};

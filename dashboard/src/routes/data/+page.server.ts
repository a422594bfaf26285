// 数据: what the warehouse holds, the ingest runs, one run's files and quarantined rows; uploads go to ./upload.
import type { PageServerLoad } from './$types';
import { getDataPage } from '$lib/server/queries/data.ts';
import { requireScope } from '$lib/server/auth.ts';
import { warehouseRead } from '$lib/server/request.ts';

const RUN = /^[\w.:-]{1,80}$/;

export const load: PageServerLoad = async (event) => {
  const raw = event.url.searchParams.get('run');
  const run = raw && RUN.test(raw) ? raw : null;
  const scope = requireScope(event);
  const data = await warehouseRead(event, scope, 'data', () => getDataPage(scope, run));
  return { data, runProblem: raw && !run ? raw : null, title: event.locals.lang === 'en' ? 'Data' : '数据管理', crumbs: [] };
};

/**
 * The anomalies a period shows are the same on every page and in the CLI (mart_anomalies_by_period):
 * a member absent at every meeting of Jan–Jun 2024 has A02 windows ending in March, April, May and
 * June; 2024Q2 shows the one ending with the quarter, once, on the 异常 page, the overview and the
 * branch page, as `zhixiao report anomalies --period 2024Q2` lists it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROVINCE } from '../../auth/scope.ts';
import { listAnomalies } from '../../dashboard/src/lib/server/queries/anomalies.ts';
import { getOverview } from '../../dashboard/src/lib/server/queries/overview.ts';
import { readAnomalies } from '../../dashboard/src/lib/server/queries/university.ts';
import { provideWarehouse } from '../../dashboard/src/lib/server/warehouse.ts';
import { parsePeriod } from '../../dashboard/src/lib/state/periods.ts';
import { readAnomalyRows } from '../../reports/anomalies.ts';
import { World } from '../models/helpers.ts';

let w: World;
let built: Set<string>;
const Q2 = parsePeriod('2024Q2')!;

beforeAll(async () => {
  w = await World.create();
  await w.branches({ org_code: 'B1', org_name: '文学院第一党支部' });
  await w.members('B1', 3);
  for (const m of ['01', '02', '03', '04', '05', '06']) {
    await w.activity(`T${m}`, 'B1', '主题党日', `2024-${m}-10 14:00:00`, { ended_at: `2024-${m}-10 15:30:00` });
    await w.roll(`T${m}`, 'B1', ['缺席', '出席', '出席']);
  }
  await w.activity('T07', 'B1', '主题党日', '2024-07-01 14:00:00', { ended_at: '2024-07-01 15:30:00' });
  await w.build();
  provideWarehouse(Promise.resolve(w.warehouse));
  built = new Set((await w.rows("select table_name as n from duckdb_tables() where schema_name = 'main'")).map((r) => String(r.n)));
});
afterAll(() => w.close());

it('shows a chronic absentee once for the quarter on every page, as the CLI lists it', async () => {
  const cli = (await readAnomalyRows(w.connection, { period: '2024Q2' })).rows;
  expect(cli.filter((r) => r.code === 'A02_chronic_absentee').map((r) => r.period)).toEqual(['2024-06']);
  const list = await listAnomalies(PROVINCE, { period: Q2, university: null, filters: { code: null, severity: null, status: null, key: null } }, built);
  expect(list.total).toBe(cli.length);
  expect(list.rows.filter((r) => r.code === 'A02_chronic_absentee').map((r) => r.period)).toEqual(['2024-06']);
  const overview = await getOverview(PROVINCE, Q2, '2024-07-01', built);
  expect(overview.anomalies.reduce((n, a) => n + Number(a.n), 0)).toBe(cli.length);
  const branch = await readAnomalies(w.connection, 'branch_code', 'B1', Q2);
  expect(branch.length).toBe(cli.length);
});

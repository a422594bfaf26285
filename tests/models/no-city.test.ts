/**
 * A university whose export names no city (所在地市 is not marked required in the contract):
 * its figures count in the province's, in no city's, and the build's data tests pass.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { World, times } from './helpers.ts';

let w: World;
beforeAll(async () => {
  w = await World.create();
  await w.insert('universities', [{ university_code: 'U2', university_name: '第二大学', city: null }]);
  await w.insert('org_units', [{ org_code: 'U2', org_name: '第二大学党委', org_type: '高校党委', parent_code: null, university_code: 'U2', branch_category: null }]);
  await w.branches({ org_code: 'B1' }, { org_code: 'B2', parent_code: 'U2', university_code: 'U2' });
  await w.activity('J1', 'B1', '主题党日', '2024-01-10 09:00');
  await w.roll('J1', 'B1', [...times(3, '出席'), '缺席']);
  await w.activity('J2', 'B2', '主题党日', '2024-01-11 09:00');
  await w.roll('J2', 'B2', ['出席', ...times(3, '缺席')]);
  await w.build({ asOf: '2024-01-31' }); // data tests included: a NULL key would throw
});
afterAll(() => w.close());

it('pools it into the province but into no city', async () => {
  expect(await w.rows("select city, participation_rate from mart_city_period_indicators where period_code = '2024-01' order by 1")).toEqual([
    { city: '合肥', participation_rate: 3 / 4 },
  ]);
  expect(await w.one("select participation_rate from mart_province_period_indicators where period_code = '2024-01'")).toEqual({ participation_rate: 4 / 8 });
  expect(await w.rows("select university_code, city, participation_rate from mart_university_period_indicators where period_code = '2024-01' order by 1")).toEqual([
    { university_code: 'U1', city: '合肥', participation_rate: 3 / 4 },
    { university_code: 'U2', city: null, participation_rate: 1 / 4 },
  ]);
});

/**
 * The models on a synthetic warehouse of the demo's small scale (4 universities, 72 branches,
 * two years, ~5,800 activities, ~127,000 attendance rows): every data test passes, every unit
 * has its row, and a non-default as_of is computed on demand in well under a second or so.
 * The measured times are printed; the bounds are loose because CI machines are shared.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAsOf } from '../../models/as-of.ts';
import { World } from './helpers.ts';

describe('a small synthetic warehouse', () => {
  let w: World;
  let buildMs = 0;
  beforeAll(async () => {
    w = await World.create();
    await w.connection.run('delete from org_units; delete from universities');
    await w.connection.run('SET VARIABLE n_uni = $1::integer', [4]);
    await w.connection.run('SET VARIABLE n_branch = $1::integer', [18]);
    await w.connection.run('SET VARIABLE n_activity_pct = $1::integer', [100]);
    await w.connection.run(fs.readFileSync(new URL('./fixtures/synthetic.sql', import.meta.url), 'utf8'));
    const started = performance.now();
    await w.build(); // data tests included: a failure throws
    buildMs = performance.now() - started;
  });
  afterAll(() => w.close());

  it('builds with every data test passing and a row per unit and period', async () => {
    const counts = await w.one(
      `select
         (select count(*) from attendance)::integer as n_attendance,
         (select count(*) from int_periods)::integer as n_periods,
         (select count(*) from mart_university_period_indicators)::integer as n_university_rows,
         (select count(distinct branch_code) from mart_branch_period_indicators where period_code = '2024')::integer as n_branches_2024,
         (select count(*) from mart_university_period_indicators where period_code = '2024Q2' and rank is not null)::integer as n_ranked`,
    );
    expect(counts).toEqual({ n_attendance: 126_720, n_periods: 24 + 8 + 2, n_university_rows: 4 * 34, n_branches_2024: 72, n_ranked: 4 });
    console.log(`small synthetic build with data tests: ${Math.round(buildMs)} ms`);
  });

  it('computes figures as of another date on demand, then leaves the stored ones untouched', async () => {
    const read = (period: string) =>
      w.rows('select university_code, index, rank, regularity from mart_university_period_indicators where period_code = $p order by 1', { p: period });
    const stored = await read('2024Q2');
    const started = performance.now();
    const early = await computeAsOf(w.connection, '2024-05-31', async () => read('2024Q2'));
    const ms = performance.now() - started;
    console.log(`computeAsOf at small scale: ${Math.round(ms)} ms`);
    expect(early).not.toEqual(stored);
    expect(await read('2024Q2')).toEqual(stored);
    expect(await w.rows("select 1 from int_periods where period_code = '2024-12'")).toHaveLength(1);
    expect(ms).toBeLessThan(5000);
  });
});

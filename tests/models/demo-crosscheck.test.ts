/**
 * A cross-check on demo data: every pooled indicator of a university equals the pooled
 * sums over its branches, and the province's the pooled sums over the universities —
 * never a mean of ratios.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../demo/generate.ts';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import { buildModels } from '../../models/runner.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-cross-'));
let warehouse: Warehouse;

/** Each pooled ratio as numerator / denominator over the count columns the marts carry. */
const POOLED: [indicator: string, numerator: string, denominator: string][] = [
  ['regularity', 'n_met_pairs', 'n_required_pairs'],
  ['participation_rate', 'n_attended', 'n_expected'],
  ['leave_rate', 'n_on_leave', 'n_expected'],
  ['absence_rate', 'n_absent', 'n_expected'],
  ['observer_coverage', 'n_observed_branches', 'n_active_branches'],
];
const SUMMED = ['halt_count', 'n_activities', 'n_observations', 'n_required_pairs', 'n_expected'];

beforeAll(async () => {
  await generateDemo({ scale: 'small', seed: 3, endDate: '2025-06-30', outDir: path.join(root, 'demo') });
  warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
  await runIngest(warehouse, [path.join(root, 'demo')], { hashKey: 'k', buildModels: (c) => buildModels(c) });
}, 120_000);
afterAll(() => {
  warehouse.close();
  fs.rmSync(root, { recursive: true, force: true });
});

async function rows(sql: string) {
  const c = await warehouse.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJson();
  } finally {
    c.closeSync();
  }
}

describe('pooled scopes on demo data', () => {
  it('has figures to compare', async () => {
    const [n] = await rows('select count(*)::integer as n from mart_university_period_indicators where n_expected > 0');
    expect(Number(n.n)).toBeGreaterThan(10);
  });

  for (const [indicator, numerator, denominator] of POOLED) {
    it(`${indicator}: each university = Σ${numerator} / Σ${denominator} over its branches; the province = the same over universities`, async () => {
      // Indicator, numerator and denominator names come from the list above, not from input.
      const universities = await rows(`
        select u.university_code, u.period_code, u.${indicator} as figure,
               sum(b.${numerator}) / nullif(sum(b.${denominator}), 0) as pooled
        from mart_university_period_indicators u
        join mart_branch_period_indicators b on b.university_code = u.university_code and b.period_code = u.period_code
        group by all
        having figure is distinct from pooled and abs(coalesce(figure, -1) - coalesce(pooled, -1)) > 1e-9`);
      expect(universities).toEqual([]);
      const province = await rows(`
        select p.period_code, p.${indicator} as figure, sum(u.${numerator}) / nullif(sum(u.${denominator}), 0) as pooled
        from mart_province_period_indicators p
        join mart_university_period_indicators u on u.period_code = p.period_code
        group by all
        having figure is distinct from pooled and abs(coalesce(figure, -1) - coalesce(pooled, -1)) > 1e-9`);
      expect(province).toEqual([]);
    });
  }

  it('sums counts the same way at every scope', async () => {
    for (const column of SUMMED) {
      const mismatches = await rows(`
        select p.period_code from mart_province_period_indicators p
        join mart_university_period_indicators u on u.period_code = p.period_code
        group by p.period_code, p.${column}
        having p.${column} <> sum(u.${column})`);
      expect([column, mismatches]).toEqual([column, []]);
    }
  });

  it('differs from a mean of the branch ratios somewhere (so pooling is really what is tested)', async () => {
    const [r] = await rows(`
      select count(*)::integer as n from (
        select u.university_code, u.period_code, u.participation_rate, avg(b.participation_rate) as mean_of_ratios
        from mart_university_period_indicators u
        join mart_branch_period_indicators b using (university_code, period_code)
        group by all having abs(u.participation_rate - mean_of_ratios) > 1e-6)`);
    expect(Number(r.n)).toBeGreaterThan(0);
  });
});

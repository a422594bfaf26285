/**
 * An explicit as_of in the dashboard's URL (`?as_of=YYYY-MM-DD`) is applied: the pages read the
 * models built for that date (an in-memory database attached to the warehouse, kept per data
 * generation), and their figures are those `zhixiao report` gives for that date (computeAsOf:
 * build in a transaction, read, roll back). A date outside the data, or no date, is reported and
 * the built as_of shown. On the browser-test fixture (as_of 2024-07-02): as of 2024-05-15, May and
 * the second quarter have not ended, so their rules are not required yet.
 */
import { tableFromIPC } from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE } from '../browser/fixture-data.ts';
import type { HttpClient } from '../browser/auth.ts';
import type { RunningServer } from '../../dashboard/server/start.ts';
import { startFixtureServer, type FixtureServer } from './fixture-server.ts';
import { computeAsOf } from '../../models/as-of.ts';
import { PROVINCE } from '../../auth/scope.ts';
import { asOfBuilds, leaseAsOfBuild, MAX_BUILDS } from '../../dashboard/src/lib/server/as-of-builds.ts';
import { getWarehouseContext } from '../../dashboard/src/lib/server/queries/context.ts';
import { readingFrom } from '../../dashboard/src/lib/server/warehouse.ts';
import { bumpDataGeneration } from '../../dashboard/src/lib/server/generation.ts';
import { getUniversityPage } from '../../dashboard/src/lib/server/queries/university.ts';
import { getOverview } from '../../dashboard/src/lib/server/queries/overview.ts';
import { pickIndicators } from '../../dashboard/src/lib/server/queries/columns.ts';
import { parsePeriod } from '../../dashboard/src/lib/state/periods.ts';

const EARLIER = '2024-05-15';
const Q2 = parsePeriod('2024Q2')!;
let fixture: FixtureServer;
let server: RunningServer;
let client: HttpClient;

beforeAll(async () => {
  fixture = await startFixtureServer('zhixiao-as-of-');
  ({ server, client } = fixture);
}, 120_000);

afterAll(async () => {
  await fixture?.close();
});

/** `read` on the models built as of `asOf` inside a rolled-back transaction (what `zhixiao report --as-of` does). */
async function asReported<T>(asOf: string, read: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const c = await server.warehouse.connect();
  try {
    return await computeAsOf(c, asOf, read);
  } finally {
    c.closeSync();
  }
}

async function rows(c: DuckDBConnection, sql: string, params: string[] = []): Promise<Record<string, unknown>[]> {
  return (await c.runAndReadAll(sql, params)).getRowObjectsJson() as Record<string, unknown>[];
}

/**
 * `read` as a request with `?as_of=asOf` runs it (request.ts view.read): on the models built for
 * that date, its lease released afterwards; null reads the warehouse's own models.
 */
async function readAsOf<T>(asOf: string | null, read: () => Promise<T>): Promise<T> {
  if (asOf === null) return readingFrom(null, read);
  const lease = await leaseAsOfBuild(asOf);
  try {
    return await readingFrom(lease.build, read);
  } finally {
    lease.release();
  }
}

async function databases(): Promise<string[]> {
  const c = await server.warehouse.connect();
  try {
    return (await rows(c, "select database_name as name from duckdb_databases() where database_name like 'asof_%' order by 1")).map((r) => String(r.name));
  } finally {
    c.closeSync();
  }
}

describe('a page as of an earlier date', () => {
  it('shows the figures zhixiao report gives for that date, not the default ones', async () => {
    const reported = await asReported(EARLIER, async (c) => ({
      university: pickIndicators((await rows(c, "select * from mart_university_period_indicators where university_code = 'U001' and period_code = '2024Q2'"))[0]),
      province: pickIndicators((await rows(c, "select * from mart_province_period_indicators where period_code = '2024Q2'"))[0]),
      branches: (await rows(c, "select branch_code, regularity, participation_rate from mart_branch_period_indicators where university_code = 'U001' and period_code = '2024Q2' order by branch_code")),
    }));
    const built = new Set((await getWarehouseContext()).relations);
    const shown = await readAsOf(EARLIER, () => getUniversityPage(PROVINCE, 'U001', Q2, EARLIER, built));
    expect(shown!.figures).toEqual(reported.university);
    expect(shown!.province).toEqual(reported.province);
    const branches = shown!.branches.map((b) => ({ branch_code: b.code, regularity: b.regularity, participation_rate: b.participation_rate }));
    expect(branches.sort((a, b) => a.branch_code.localeCompare(b.branch_code))).toEqual(reported.branches);
    // Before 2024-05-15 only April's monthly rules are owed in Q2 (no quarter has ended): other figures than as of 2024-07-02.
    const byDefault = await readAsOf(null, () => getUniversityPage(PROVINCE, 'U001', Q2, FIXTURE.asOf, built));
    expect(byDefault!.figures!.regularity).not.toBe(shown!.figures!.regularity);
    // Participation counts the meetings of P held by as_of: the June meetings are not in it.
    expect(byDefault!.figures!.participation_rate).not.toBe(shown!.figures!.participation_rate);
    // The page of a request with that as_of shows them (formatted as the page formats rates).
    const html = await (await client.get(`/u/U001?period=2024Q2&as_of=${EARLIER}`)).text();
    expect(html).toContain(`${(shown!.figures!.regularity! * 100).toFixed(1)}%`);
  });

  it('defaults to the last quarter complete by that date', async () => {
    const built = new Set((await getWarehouseContext()).relations);
    const Q1 = parsePeriod('2024Q1')!;
    const overview = await readAsOf(EARLIER, () => getOverview(PROVINCE, Q1, EARLIER, built));
    const reported = await asReported(EARLIER, async (c) => pickIndicators((await rows(c, "select * from mart_province_period_indicators where period_code = '2024Q1'"))[0]));
    expect(overview.current).toMatchObject(Object.fromEntries(Object.entries(reported).filter(([k]) => k in overview.current!)));
    const html = await (await client.get(`/?as_of=${EARLIER}`)).text();
    expect(html).toContain('总览 · 2024Q1');
    expect(html).toContain(`value="${EARLIER}"`);
    expect(html).not.toContain('value="2024Q3"');
  });

  it('serves the Arrow cells of the heatmap as of that date (May not yet owed), as the report does', async () => {
    const cells = async (search: string) => {
      const response = await client.get(`/u/U001/cadence${search}`, { accept: '*/*' });
      expect(response.status).toBe(200);
      const table = tableFromIPC(new Uint8Array(await response.arrayBuffer()));
      const out = new Map<string, number>();
      for (let i = 0; i < table.numRows; i++) out.set(`${table.getChild('branch_code')!.get(i)} ${table.getChild('month')!.get(i)}`, Number(table.getChild('n_required')!.get(i)));
      return out;
    };
    const asOf = await cells(`?period=2024Q2&as_of=${EARLIER}`);
    const reported = await asReported(EARLIER, (c) =>
      rows(
        c,
        `select branch_code, period_code as month, count(*) filter (where is_required)::integer as n
         from mart_cadence_cells where university_code = 'U001' and period_kind = 'month' and period_code in ('2024-04', '2024-05', '2024-06')
         group by all`,
      ),
    );
    for (const r of reported) expect(asOf.get(`${r.branch_code} ${r.month}`), `${r.branch_code} ${r.month}`).toBe(r.n);
    const may = [...asOf].filter(([k]) => k.endsWith('2024-05'));
    expect(may.length).toBeGreaterThan(0);
    expect(may.every(([, n]) => n === 0)).toBe(true);
    const byDefault = await cells('?period=2024Q2');
    expect([...byDefault].filter(([k]) => k.endsWith('2024-05')).some(([, n]) => n > 0)).toBe(true);
  });
});

describe('the brief as of an earlier date', () => {
  it('is made from the models of that date', async () => {
    const html = await (await client.get(`/brief?period=2024Q1&format=html&as_of=${EARLIER}`)).text();
    expect(html).toContain(`数据截至 ${EARLIER}`);
    const latest = await (await client.get('/brief?period=2024Q1&format=html')).text();
    expect(latest).toContain(`数据截至 ${FIXTURE.asOf}`);
  });
});

describe('as_of dates that cannot be applied', () => {
  it('are reported, and the built as_of is shown', async () => {
    for (const [asked, says] of [
      ['2030-01-01', '晚于最新数据'],
      ['2020-01-01', '早于最早的数据'],
      ['2024-02-30', '无法识别'],
      ['yesterday', '无法识别'],
    ]) {
      const html = await (await client.get(`/?as_of=${asked}`)).text();
      expect(html, asked).toContain(says);
      expect(html, asked).toContain(`value="${FIXTURE.asOf}"`);
      expect(html, asked).toContain(`总览 · ${FIXTURE.defaultPeriod}`);
    }
  });

  it('the built as_of itself reads the warehouse’s own models', async () => {
    const html = await (await client.get(`/?as_of=${FIXTURE.asOf}`)).text();
    expect(html).not.toContain('data-testid="state-problem"');
    expect(html).toContain(`总览 · ${FIXTURE.defaultPeriod}`);
    expect(asOfBuilds().some((b) => b.asOf === FIXTURE.asOf)).toBe(false);
  });
});

describe('the as_of builds', () => {
  it('are kept for at most a few dates, and detached once no request reads them', async () => {
    for (const day of ['2024-03-31', '2024-04-30', '2024-05-31', '2024-06-15']) {
      const response = await client.get(`/rankings/__data.json?as_of=${day}`, { accept: '*/*' });
      expect(response.status, day).toBe(200);
      await response.arrayBuffer();
    }
    expect(asOfBuilds().map((b) => b.asOf)).toEqual(['2024-04-30', '2024-05-31', '2024-06-15']);
    expect(asOfBuilds().length).toBeLessThanOrEqual(MAX_BUILDS);
    await expect.poll(databases).toEqual(asOfBuilds().map((b) => b.catalog).sort());
  });

  it('are dropped when the data changes, and built again for the new data', async () => {
    const before = asOfBuilds().find((b) => b.asOf === '2024-06-15')!;
    bumpDataGeneration();
    expect(asOfBuilds()).toEqual([]);
    await expect.poll(databases).toEqual([]);
    const response = await client.get('/rankings/__data.json?as_of=2024-06-15', { accept: '*/*' });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const after = asOfBuilds();
    expect(after.map((b) => b.asOf)).toEqual(['2024-06-15']);
    expect(after[0].catalog).not.toBe(before.catalog);
    expect(after[0].generation).toBeGreaterThan(before.generation);
  });
});

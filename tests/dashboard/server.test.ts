/** startServer: builds if stale, serves the app on a free port in this process, closes cleanly. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../dashboard/server/start.ts';
import { signedInClient, type HttpClient } from '../browser/auth.ts';
import { startFixtureServer, type FixtureServer } from './fixture-server.ts';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { listAudit } from '../../auth/audit.ts';
import { PROVINCE, type Scope } from '../../auth/scope.ts';
import { listRectificationItems } from '../../dashboard/src/lib/server/queries/rectification.ts';
import { listObservationRows } from '../../dashboard/src/lib/server/queries/observation.ts';
import { parsePeriod } from '../../dashboard/src/lib/state/periods.ts';
import { FIXTURE } from '../browser/fixture-data.ts';
import { bumpDataGeneration } from '../../dashboard/src/lib/server/generation.ts';

let fixture: FixtureServer;
let server: RunningServer;
/** Every page needs a signed-in user (tests/browser/auth.ts). */
let client: HttpClient;
const get = (p: string) => client.get(p, { accept: '*/*' });

beforeAll(async () => {
  fixture = await startFixtureServer('zhixiao-serve-');
  ({ server, client } = fixture);
}, 120_000);

afterAll(async () => {
  await fixture?.close();
});

describe('startServer', () => {
  it('serves the overview in Chinese on 127.0.0.1', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await get('/');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('总览');
  });

  it("says on hover why a KPI's change is missing (dashboard.md: NULL shows — with the reason)", async () => {
    // the fixture's data start in 2023-07: 2023Q3 has no previous quarter to compare with
    const html = await (await get('/?period=2023Q3')).text();
    expect(html).toContain('title="上期无可比数据（上期该指标为空或无数据）"');
    expect(html).not.toMatch(/<span class="muted[^"]*">较上期 —/);
  });

  it('answers an unknown page with a 404 in Chinese', async () => {
    const response = await get('/u/NOPE');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('页面不存在');
  });

  it('switches to English by URL and remembers it in a cookie', async () => {
    const response = await get('/?lang=en');
    expect(await response.text()).toContain('<html lang="en">');
    expect(response.headers.get('set-cookie')).toMatch(/lang=en/);
  });

  it('sends bulk tables as Arrow IPC', async () => {
    const response = await get('/u/U001/cadence?period=2024Q2');
    expect(response.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it('refuses a port that is taken, saying so in Chinese', async () => {
    const port = Number(new URL(server.url).port);
    await expect(startServer({ dbPath: fixture.dbPath, port, log: () => {} })).rejects.toThrow(/端口 \d+ 已被占用/);
    // …and the running server (and its warehouse) is untouched.
    expect((await get('/rankings')).status).toBe(200);
  });
});

describe('page data of read-only pages, kept per user until the data changes', () => {
  const rankings = '/rankings/__data.json?period=2024Q2&x-sveltekit-invalidated=01';

  it('answers again from the kept bytes, per user, and reads anew after a write', async () => {
    const first = await (await get(rankings)).text();
    expect(first).toContain('U001');
    // A change behind the server's back (no write through it) is not seen while the bytes are kept…
    const c = await server.warehouse.connect();
    await c.run("update mart_university_period_indicators set university_name = '改名大学' where university_code = 'U001'");
    expect(await (await get(rankings)).text()).toBe(first);
    // …another user's answer is its own, never the province's bytes…
    const university = await signedInClient(server.url, 'university');
    const theirs = await (await university.get(`${rankings}&level=university`, { accept: '*/*' })).text();
    expect(theirs).toContain('U001');
    expect(theirs).not.toBe(first);
    // …and a write through the server (which moves the data generation) is shown at once.
    bumpDataGeneration();
    expect(await (await get(rankings)).text()).toContain('改名大学');
    await c.run("update mart_university_period_indicators set university_name = u.university_name from stg_universities u where u.university_code = mart_university_period_indicators.university_code");
    c.closeSync();
    bumpDataGeneration();
  });
});

/** The CSV of an export: its BOM, then header and rows. */
async function readCsv(response: Response): Promise<string[][]> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return Papa.parse<string[]>(new TextDecoder('utf-8').decode(bytes.subarray(3)), { skipEmptyLines: true }).data;
}

// (The province client chose English above: these URLs ask for Chinese again.)
describe('full-list exports (the pages carry only the first rows)', () => {
  const period = parsePeriod(FIXTURE.defaultPeriod)!;
  const U001: Scope = { role: 'university', universityCode: 'U001' };
  const built = async () => new Set((await server.warehouse.connect().then(async (c) => {
    try {
      return (await c.runAndReadAll("select table_name from duckdb_tables() where schema_name = 'main'")).getRows().map((r) => String(r[0]));
    } finally {
      c.closeSync();
    }
  })));

  it('exports every rectification item of the scope as CSV with a BOM and Chinese headers, in the page order', async () => {
    const q = { period, asOf: FIXTURE.asOf, university: null, filters: { view: 'all' as const, status: null } };
    const expected = await listRectificationItems(PROVINCE, q, await built());
    expect(expected.length).toBeGreaterThan(3);
    const response = await get(`/rectification/export?format=csv&period=${FIXTURE.defaultPeriod}&lang=zh`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=.*filename\*=UTF-8''/);
    const [header, ...rows] = await readCsv(response);
    expect(header.slice(0, 3)).toEqual(['代码', '高校', '支部']);
    expect(rows.map((r) => r[0])).toEqual(expected.map((i) => i.item_id));
    const audit = await listAudit(server.warehouse, { action: 'export', username: 'test-province', limit: 1 });
    expect(audit.rows[0]?.target).toMatch(/^整改落实_.*\.csv$/);
    expect(audit.rows[0]?.detail).toContain(`${expected.length} 行`);
  });

  it('gives a university user only its own university\'s items, however the URL asks', async () => {
    const q = { period, asOf: FIXTURE.asOf, university: null, filters: { view: 'all' as const, status: null } };
    const all = await listRectificationItems(PROVINCE, q, await built());
    const own = all.filter((i) => i.university_code === 'U001');
    expect(own.length).toBeGreaterThan(0);
    expect(own.length).toBeLessThan(all.length);
    expect((await listRectificationItems(U001, q, await built())).map((i) => i.item_id)).toEqual(own.map((i) => i.item_id));
    const university = await signedInClient(server.url, 'university');
    const [, ...rows] = await readCsv(await university.get(`/rectification/export?format=csv&period=${FIXTURE.defaultPeriod}`, { accept: '*/*' }));
    expect(rows.map((r) => r[0])).toEqual(own.map((i) => i.item_id));
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['合肥示范大学']));
    // Another university's code is outside the scope: 404, as for the page.
    const other = await university.get(`/rectification/export?format=csv&period=${FIXTURE.defaultPeriod}&university=U002`, { accept: '*/*' });
    expect([other.status, other.headers.get('content-type')]).toEqual([404, 'application/json']);
  });

  it('exports the 列席 lists in full as XLSX, and refuses a format or list it does not know', async () => {
    const q = { period, asOf: FIXTURE.asOf, university: null, quarters: 2, top: 0 };
    const expected = await listObservationRows(PROVINCE, q, 'suggestions', await built());
    const response = await get(`/observation/export?list=suggestions&format=xlsx&top=0&period=${FIXTURE.defaultPeriod}&lang=zh`);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('优先序');
    expect(sheet.rowCount - 1).toBe(expected.length);
    expect((await get('/observation/export?list=everything&format=csv')).status).toBe(400);
    expect((await get('/rectification/export?format=pdf')).status).toBe(400);
    const university = await signedInClient(server.url, 'university');
    const [, ...rows] = await readCsv(await university.get('/observation/export?list=unobserved&format=csv', { accept: '*/*' }));
    const own = await listObservationRows(U001, { ...q, top: 200 }, 'unobserved', await built());
    expect(rows.length).toBe(own.length);
    expect(new Set(rows.map((r) => r[2]))).toEqual(own.length ? new Set(['合肥示范大学']) : new Set());
  });
});

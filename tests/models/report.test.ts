/**
 * `zhixiao report indicators|rankings` end to end on a small warehouse file: the json shape,
 * csv with BOM, xlsx read back, table, --as-of, and exit code 2 on bad arguments.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { INDICATOR_COLUMNS } from '../../reports/indicators.ts';
import { World, times } from './helpers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhixiao-report-'));
const db = path.join(dir, 'report.duckdb');

/** Run the CLI in this process; returns exit code, stdout and stderr. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main([...argv, '--db', db]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  const w = await World.create(db);
  await w.insert('universities', [{ university_code: 'U2', university_name: '第二大学', city: '芜湖' }]);
  await w.insert('org_units', [{ org_code: 'U2', org_name: '第二大学党委', org_type: '高校党委', parent_code: null, university_code: 'U2', branch_category: null }]);
  await w.branches({ org_code: 'B1' }, { org_code: 'B2' }, { org_code: 'B9', parent_code: 'U2', university_code: 'U2' });
  for (const [branch, month, attended] of [['B1', '01', 3], ['B1', '02', 2], ['B2', '01', 1], ['B9', '01', 3], ['B9', '03', 3]] as const) {
    const id = `${branch}-${month}`;
    await w.activity(id, branch, '主题党日', `2024-${month}-10 09:00`);
    await w.roll(id, branch, [...times(attended, '出席'), ...times(3 - attended, '缺席')]);
  }
  await w.build(); // as_of 2024-03-10
  w.close();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('zhixiao report indicators', () => {
  it('prints a JSON array of row objects with every indicator, NULL as null and fractions unrounded', async () => {
    const { code, stdout } = await cli('report', 'indicators', '--level', 'university', '--period', '2024Q1', '--format', 'json');
    expect(code).toBe(0);
    const rows = JSON.parse(stdout);
    expect(rows.map((r: Record<string, unknown>) => r.university_code)).toEqual(['U1', 'U2']);
    for (const key of ['university_code', 'university_name', ...INDICATOR_COLUMNS.map((c) => c.key)]) expect(rows[0]).toHaveProperty(key);
    expect(rows[0].participation_rate).toBe(6 / 9); // pooled: (3 + 2 + 1) / 9, unrounded
    expect(rows[0].quality_score).toBeNull();
    expect(rows[0].period_code).toBe('2024Q1');
    expect(typeof rows[0].index).toBe('number');
  });

  it('filters branches of one university and names them by code and name', async () => {
    const { code, stdout } = await cli('report', 'indicators', '--level', 'branch', '--period', '2024-01', '--university', 'U1', '--format', 'json');
    expect(code).toBe(0);
    const rows = JSON.parse(stdout);
    expect(rows.map((r: Record<string, unknown>) => [r.branch_code, r.branch_name, r.university_code, r.participation_rate])).toEqual([
      ['B1', 'B1支部', 'U1', 1],
      ['B2', 'B2支部', 'U1', 1 / 3],
    ]);
  });

  it('writes CSV as UTF-8 with a BOM, headed by the column names of indicators.md', async () => {
    const out = path.join(dir, 'u.csv');
    const { code } = await cli('report', 'indicators', '--level', 'college', '--period', '2024', '--format', 'csv', '--out', out);
    expect(code).toBe(0);
    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0].startsWith('org_code,org_name,university_code,period_code,index,rank,rank_change,regularity,participation_rate')).toBe(true);
    expect(lines).toHaveLength(2); // C1 only: B9 hangs directly under its university committee
    expect(lines[1].startsWith('C1,文学院党委,U1,2024,')).toBe(true);
  });

  it('takes the format from --out when --format is not given, and says why it cannot write under a file', async () => {
    const out = path.join(dir, 'by-extension.xlsx');
    expect((await cli('report', 'indicators', '--level', 'university', '--period', '2024', '--out', out)).code).toBe(0);
    expect([...fs.readFileSync(out).subarray(0, 2)]).toEqual([0x50, 0x4b]); // a workbook (ZIP), not a text table
    const underFile = await cli('report', 'indicators', '--level', 'university', '--period', '2024', '--format', 'csv', '--out', path.join(out, 'x.csv'));
    expect(underFile.code).toBe(2);
    expect(underFile.stderr).toContain('路径中有一段是已有的文件，不是文件夹');
  });

  it('writes XLSX with Chinese headers, a frozen header row, percent formats and the weights on a sheet of their own', async () => {
    const out = path.join(dir, 'r.xlsx');
    const { code } = await cli('report', 'rankings', '--level', 'university', '--period', '2024Q1', '--format', 'xlsx', '--out', out);
    expect(code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0];
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual(['高校代码', '高校名称', '地市', '时期', '质效指数', '排名']);
    const col = header.indexOf('参会率') + 1;
    expect(sheet.getRow(2).getCell(col).numFmt).toBe('0.0%');
    expect(sheet.rowCount).toBe(3);
    // the weights that produced the ranking travel with it
    const about = workbook.getWorksheet('说明')!;
    expect(String(about.getRow(2).getCell(1).value)).toMatch(/^权重 weights — 支部 branch: .*高校 university: /);
  });

  it('prints a table with Chinese headers, rounded values and NULL as —', async () => {
    const { code, stdout } = await cli('report', 'indicators', '--level', 'branch', '--period', '2024-01');
    expect(code).toBe(0);
    expect(stdout).toContain('支部代码');
    expect(stdout).toContain('参会率');
    expect(stdout).toContain('33.3%');
    expect(stdout).toContain('—');
  });

  it('returns an empty result with a note for a period without data', async () => {
    const { code, stdout, stderr } = await cli('report', 'indicators', '--level', 'province', '--period', '2019Q1', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([]);
    expect(stderr).toContain('时期 2019Q1 没有数据');
    expect(stderr).toContain('2024-01 至 2024-03');
  });

  it('recomputes as of another date without changing the stored figures', async () => {
    const before = await cli('report', 'indicators', '--level', 'province', '--period', '2024Q1', '--format', 'json');
    const early = await cli('report', 'indicators', '--level', 'province', '--period', '2024Q1', '--format', 'json', '--as-of', '2024-01-31');
    expect(early.code).toBe(0);
    const [e] = JSON.parse(early.stdout);
    const [b] = JSON.parse(before.stdout);
    expect(e.participation_rate).toBe(7 / 9); // January only: B1 3/3, B2 1/3, B9 3/3
    expect(b.participation_rate).toBe(12 / 15);
    const after = await cli('report', 'indicators', '--level', 'province', '--period', '2024Q1', '--format', 'json');
    expect(after.stdout).toBe(before.stdout);
  });

  it('exits 2 on an unknown level, a malformed period, an unknown university or a bad date, saying what is accepted', async () => {
    const level = await cli('report', 'indicators', '--level', 'planet', '--period', '2024Q1');
    expect(level.code).toBe(2);
    expect(level.stderr).toContain('可选：province、city、university、college、branch');
    const period = await cli('report', 'indicators', '--level', 'university', '--period', '2024Q5');
    expect(period.code).toBe(2);
    expect(period.stderr).toContain('2024-03');
    const university = await cli('report', 'indicators', '--level', 'branch', '--period', '2024Q1', '--university', 'U404');
    expect(university.code).toBe(2);
    expect(university.stderr).toContain('现有高校：U1、U2');
    const date = await cli('report', 'indicators', '--level', 'branch', '--period', '2024Q1', '--as-of', '2024-02-30');
    expect(date.code).toBe(2);
    const report = await cli('report', 'nonsense');
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('未知的报告 nonsense');
  });

  it('exits 2 from the real command line too', async () => {
    const run = promisify(execFile);
    const error = await run(process.execPath, ['bin/zhixiao.js', 'report', 'rankings', '--level', 'nation', '--period', '2024', '--db', db]).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(2);
    expect(error?.stderr).toContain('未知的层级');
  });
});

describe('zhixiao report rankings', () => {
  it('prints {"weights": {...}, "rows": [...]} ordered by rank', async () => {
    const { code, stdout } = await cli('report', 'rankings', '--level', 'university', '--period', '2024Q1', '--format', 'json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual(['weights', 'rows']);
    expect(doc.weights.branch).toEqual({
      dual_life_rate: 0.05, participation_rate: 0.2, political_content_share: 0.1, quality_score: 0.25, rectification_rate: 0.1, regularity: 0.3,
    });
    expect(doc.weights.university).toEqual({ branch_index_mean: 0.7, case_compliance: 0.15, observer_coverage: 0.15 });
    expect(doc.rows.map((r: Record<string, unknown>) => r.rank)).toEqual([1, 2]);
    expect(doc.rows[0].index).toBeGreaterThan(doc.rows[1].index);
  });

  it('shows the weights above the table', async () => {
    const { stdout } = await cli('report', 'rankings', '--level', 'branch', '--period', '2024Q1', '--university', 'U1');
    expect(stdout).toContain('权重 weights');
    expect(stdout).toContain('规范执行率 (regularity) 0.3'); // components named in Chinese first
    expect(stdout).toContain('支部指数均值 (branch_index_mean) 0.7');
    expect(stdout).toContain('排名');
  });
});

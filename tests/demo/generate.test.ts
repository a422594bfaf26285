/**
 * The demo generator at small scale: reproducible to the byte, every table and every
 * export quirk of data-contract.md present, the planted anomalies and bad rows where the
 * summary says they are. Files are read back with papaparse / read-excel-file, not with
 * the ingest, so these tests say what the generator writes, not what the ingest accepts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TABLE_NAMES, tableSpec } from '../../ingest/contract/tables.ts';
import { ENUM_DOMAINS, MULTI_VALUE_SEPARATORS } from '../../ingest/contract/enums.ts';
import { generateDemo, type DemoSummary } from '../../demo/generate.ts';
import { ANOMALY_CODES } from '../../demo/plantings.ts';
import { run as runDemoCommand } from '../../cli/commands/demo.ts';
import { UserError } from '../../warehouse/errors.ts';
import { canonical, cellOf, norm, readExport, wallMinutes, type Cell, type ParsedSheet } from './read-export.ts';

const END_DATE = '2025-11-26';
let tmp: string;
let summary: DemoSummary;
let cliSummary: DemoSummary;
let sheets: ParsedSheet[];

function hashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

const sheetsOf = (table: string) => sheets.filter((s) => s.file.table === table);
const columnsOfKind = (s: ParsedSheet, kind: string) => tableSpec(s.file.table).columns.filter((c) => c.kind === kind && s.columns.includes(c.name));
/** Raw cell texts of every column of a kind, over all sheets. */
function rawValues(kind: string, filter: (s: ParsedSheet) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const s of sheets.filter(filter)) {
    for (const c of columnsOfKind(s, kind)) {
      for (const r of s.rows) {
        const v = cellOf(s, r.cells, c.name);
        if (v !== null && v !== undefined && v !== '' && !(v instanceof Date)) out.push(String(v));
      }
    }
  }
  return out;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhixiao-demo-'));
  summary = await generateDemo({ scale: 'small', seed: 7, endDate: END_DATE, outDir: path.join(tmp, 'a') });
  // The same run through the command line, for reproducibility and the --json document.
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    const code = await runDemoCommand(['--seed', '7', '--end-date', END_DATE, '--out', path.join(tmp, 'b'), '--json']);
    expect(code).toBe(0);
  } finally {
    spy.mockRestore();
  }
  cliSummary = JSON.parse(stdout) as DemoSummary;
  sheets = (await Promise.all(summary.files.map((f) => readExport(summary.out_dir, f)))).flat();
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('generateDemo, small scale', () => {
  it('writes the same bytes for the same seed and end date, and the command prints the same summary', () => {
    const a = hashes(path.join(tmp, 'a'));
    const b = hashes(path.join(tmp, 'b'));
    expect(a.size).toBeGreaterThan(15);
    expect([...b.entries()]).toEqual([...a.entries()]);
    const strip = (s: DemoSummary) => ({ ...s, out_dir: '', elapsed_ms: 0 });
    expect(strip(cliSummary)).toEqual(strip(summary));
  });

  it('covers the two-year span up to the end date and all nine tables', () => {
    expect(summary.start_date).toBe('2024-01-01');
    expect(summary.end_date).toBe(END_DATE);
    expect(new Set(summary.files.map((f) => f.table))).toEqual(new Set(TABLE_NAMES));
    for (const t of TABLE_NAMES) expect(summary.counts[t], t).toBeGreaterThan(0);
    expect(summary.counts.universities).toBe(4);
    expect(summary.counts.branches).toBeGreaterThanOrEqual(40);
    expect(summary.counts.branches).toBeLessThanOrEqual(60);
    expect(summary.counts.members).toBeGreaterThan(1200);
    expect(summary.counts.members).toBeLessThan(2200);
    // Rows read back = rows the summary reports, bad rows included.
    for (const t of TABLE_NAMES) {
      const read = sheetsOf(t).reduce((n, s) => n + s.rows.length, 0);
      const bad = summary.bad_rows.filter((b) => b.table === t).length;
      expect(read, t).toBe(summary.counts[t] + bad);
    }
  });

  it('writes a GB18030 TSV with a title row that decodes only as GB18030', () => {
    const gb = summary.files.filter((f) => f.encoding === 'gb18030');
    expect(gb.length).toBeGreaterThan(0);
    for (const f of gb) {
      const bytes = fs.readFileSync(path.join(summary.out_dir, f.path));
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), f.path).toThrow();
      const s = sheets.find((x) => x.file === f)!;
      expect(f.delimiter).toBe('\t');
      expect(s.headerLine).toBeGreaterThan(1);
      expect(norm(s.above[0]![0])).toMatch(/示例·.+/);
    }
  });

  it('writes UTF-8 CSVs with and without a BOM', () => {
    const csv = summary.files.filter((f) => f.format === 'csv');
    const starts = csv.map((f) => fs.readFileSync(path.join(summary.out_dir, f.path)).subarray(0, 3).toString('hex'));
    expect(starts).toContain('efbbbf');
    expect(starts.some((s) => s !== 'efbbbf')).toBe(true);
    for (const f of csv) expect(f.encoding === 'utf-8-bom', f.path).toBe(starts[csv.indexOf(f)] === 'efbbbf');
  });

  it('writes XLSX workbooks with several matching sheets, a 说明 sheet and real date cells at wall-clock time', () => {
    const books = summary.files.filter((f) => f.format === 'xlsx');
    const multi = books.filter((f) => sheets.filter((s) => s.file === f).length >= 2);
    expect(multi.map((f) => f.table).sort()).toEqual(['activities', 'cases', 'org_units']);
    for (const f of books) expect(f.sheets![0]).toEqual({ name: '说明', table: null, rows: 0 });
    const activitySheets = sheets.filter((s) => s.file.format === 'xlsx' && s.file.table === 'activities');
    const starts = activitySheets.flatMap((s) => s.rows.map((r) => cellOf(s, r.cells, 'started_at')));
    expect(starts.length).toBeGreaterThan(100);
    expect(starts.every((v) => v instanceof Date)).toBe(true);
    // Date cells carry the local wall clock: meetings start between 09:00 and 19:30, never at 01:00 (UTC−8).
    expect(starts.every((v) => (v as Date).getUTCHours() >= 9 && (v as Date).getUTCHours() <= 19)).toBe(true);
    const established = sheetsOf('org_units').flatMap((s) => s.rows.map((r) => cellOf(s, r.cells, 'established_on'))).filter((v) => v !== null);
    expect(established.length).toBeGreaterThan(0);
    expect(established.every((v) => v instanceof Date)).toBe(true);
  });

  it('uses semicolon and tab .txt files, arbitrary names, and splits attendance per university and year', () => {
    expect(summary.files.some((f) => f.format === 'txt' && f.delimiter === ';')).toBe(true);
    expect(summary.files.some((f) => f.format === 'txt' && f.delimiter === '\t')).toBe(true);
    expect(summary.files.some((f) => /三会一课导出_\d{8}\.xlsx$/.test(f.path))).toBe(true);
    const attendance = summary.files.filter((f) => f.table === 'attendance');
    expect(attendance.length).toBe(summary.counts.universities * 2);
    expect(summary.files.filter((f) => f.table === 'members').length).toBe(summary.counts.universities);
  });

  it('writes Chinese aliases, English canonical headers, extra columns, other column orders, full-width and padded headers', () => {
    const headers = sheets.flatMap((s) => s.headers);
    for (const alias of ['会议编号', '学校代码', '记录编号', '出勤情况', '人员编号', '销号日期', '评议等次']) expect(headers).toContain(alias);
    const english = sheets.filter((s) => s.headers.every((h) => s.columns.includes(h.normalize('NFKC').trim())));
    expect(english.map((s) => s.file.table)).toEqual(expect.arrayContaining(['members', 'observations', 'attendance']));
    expect(sheets.some((s) => s.columns.includes(null))).toBe(true);
    expect(headers.some((h) => h !== h.trim())).toBe(true);
    expect(headers.some((h) => /[\uff01-\uff5e]/.test(h))).toBe(true);
    const orders = new Set(sheetsOf('attendance').map((s) => s.columns.filter((c) => c !== null).join(',')));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('writes full-width codes and digits and padded cells', () => {
    const codes = rawValues('code');
    const fullWidth = codes.filter((c) => /[\uff01-\uff5e]/.test(c));
    expect(fullWidth.length).toBeGreaterThan(0);
    expect(fullWidth.every((c) => /^AH\d{3}/.test(c.normalize('NFKC').trim()))).toBe(true);
    expect([...rawValues('int'), ...rawValues('year')].some((c) => /^[\uff10-\uff19]+$/.test(c) && /^20\d\d$/.test(c.normalize('NFKC')))).toBe(true);
    const all = sheets.flatMap((s) => s.rows.flatMap((r) => r.cells)).filter((c): c is string => typeof c === 'string');
    expect(all.some((c) => c !== '' && c !== c.trim())).toBe(true);
  });

  it('spells dates and datetimes in every form of the contract', () => {
    const dates = [...rawValues('date'), ...rawValues('datetime')];
    const forms: Record<string, RegExp> = {
      iso: /^\d{4}-\d{2}-\d{2}/,
      slash: /^\d{4}\/\d{1,2}\/\d{1,2}/,
      dot: /^\d{4}\.\d{1,2}\.\d{1,2}$/,
      chinese: /^\d{4}年\d{1,2}月\d{1,2}日/,
      compact: /^\d{8}$/,
      chineseTime: /\d{1,2}时\d{2}分$/,
      T: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/,
      hm: / \d{2}:\d{2}$/,
      hms: / \d{2}:\d{2}:\d{2}$/,
    };
    for (const [name, re] of Object.entries(forms)) expect(dates.some((d) => re.test(d.trim())), name).toBe(true);
  });

  it('spells booleans, enum synonyms, multi-value separators and quarters in every form', () => {
    const bools = new Set(rawValues('bool').map((b) => b.trim()));
    for (const b of ['是', '否', 'Y', 'N', '√', '×', '1', '0', 'TRUE', 'FALSE']) expect(bools, b).toContain(b);

    const enums: { domain: string; text: string }[] = [];
    for (const s of sheets) {
      for (const c of columnsOfKind(s, 'enum')) for (const r of s.rows) enums.push({ domain: c.domain!, text: norm(cellOf(s, r.cells, c.name)) });
    }
    const texts = new Set(enums.map((e) => e.text));
    for (const synonym of ['党员大会', '支委会', '参加', '未到', '教工']) expect(texts, synonym).toContain(synonym);
    // Every enum cell maps to the contract, except the one planted unknown value.
    const unknown = enums.filter((e) => e.text !== '' && canonical(e.domain, e.text) === null).map((e) => e.text);
    expect(unknown).toEqual(['座谈会']);

    const multi = rawValues('multi_enum');
    for (const sep of MULTI_VALUE_SEPARATORS) expect(multi.some((m) => m.includes(sep)), sep).toBe(true);
    for (const m of multi) {
      for (const part of m.split(new RegExp(`[${MULTI_VALUE_SEPARATORS}]`))) {
        expect(Object.keys(ENUM_DOMAINS.content_tag!).concat(Object.keys(ENUM_DOMAINS.problem!))).toContain(part.trim());
      }
    }

    const quarters = rawValues('quarter');
    for (const re of [/^\d{4}Q[1-4]$/, /^\d{4}-Q[1-4]$/, /^\d{4}年第[一二三四]季度$/, /^\d{4}年第[1-4]季度$/]) expect(quarters.some((q) => re.test(q)), String(re)).toBe(true);
  });

  it('writes fictional names in clear and fake but well-formed ID numbers', () => {
    const names = sheetsOf('members').flatMap((s) => s.rows.map((r) => norm(cellOf(s, r.cells, 'name'))));
    expect(names.every((n) => /^[\u4e00-\u9fa5]{2,4}$/.test(n))).toBe(true);
    const ids = sheetsOf('members').flatMap((s) => s.rows.map((r) => norm(cellOf(s, r.cells, 'id_number')))).filter((x) => x !== '');
    expect(ids.length).toBeGreaterThan(100);
    expect(new Set(ids).size).toBe(ids.length);
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    for (const id of ids) {
      expect(id).toMatch(/^3499\d{13}[\dX]$/);
      const sum = weights.reduce((s, w, i) => s + w * Number(id[i]), 0);
      expect(id[17]).toBe('10X98765432'[sum % 11]);
    }
  });

  it('puts each bad row at the file, line and column the summary names', () => {
    expect(new Set(summary.bad_rows.map((b) => b.kind))).toEqual(new Set(['bad_enum', 'bad_date', 'duplicate_key', 'orphan', 'missing_required']));
    const memberIds = new Set(sheetsOf('members').flatMap((s) => s.rows.map((r) => norm(cellOf(s, r.cells, 'member_id')))));
    for (const bad of summary.bad_rows) {
      const s = sheets.find((x) => x.file.path === bad.path && x.sheet === bad.sheet)!;
      expect(s, bad.path).toBeDefined();
      const row = s.rows.find((r) => r.line === bad.line)!;
      expect(row, `${bad.path}:${bad.line}`).toBeDefined();
      switch (bad.kind) {
        case 'duplicate_key': {
          const key = (cells: Cell[]) => `${norm(cellOf(s, cells, 'activity_id'))}|${norm(cellOf(s, cells, 'member_id'))}`;
          expect(key(row.cells)).toBe(bad.value);
          expect(s.rows.filter((r) => r.line < bad.line && key(r.cells) === bad.value)).toHaveLength(1);
          break;
        }
        case 'orphan':
          expect(norm(cellOf(s, row.cells, bad.column))).toBe(bad.value);
          expect(memberIds.has(bad.value)).toBe(false);
          break;
        case 'missing_required':
          expect(norm(cellOf(s, row.cells, bad.column))).toBe('');
          break;
        case 'bad_enum':
          expect(norm(cellOf(s, row.cells, bad.column))).toBe(bad.value);
          expect(canonical('activity_type', bad.value)).toBeNull();
          break;
        case 'bad_date':
          expect(norm(cellOf(s, row.cells, bad.column))).toBe(bad.value);
          expect(bad.value).toMatch(/^\d{4}\.2\.30$/);
          break;
      }
    }
  });

  it('plants every anomaly A01–A12 with evidence that holds in the files', () => {
    expect(summary.not_planted).toEqual([]);
    expect(new Set(summary.anomalies.map((a) => a.code))).toEqual(new Set(ANOMALY_CODES));
    const branches = new Set(
      sheetsOf('org_units').flatMap((s) => s.rows.filter((r) => canonical('org_type', cellOf(s, r.cells, 'org_type')) === '党支部').map((r) => norm(cellOf(s, r.cells, 'org_code')))),
    );
    for (const a of summary.anomalies) expect(branches.has(a.branch_code), a.branch_code).toBe(true);

    const activities = new Map<string, { sheet: ParsedSheet; cells: Cell[] }>();
    for (const s of sheetsOf('activities')) for (const r of s.rows) activities.set(norm(cellOf(s, r.cells, 'activity_id')), { sheet: s, cells: r.cells });
    const attendance = new Map<string, { status: string | null; signed: number | null; member: string }[]>();
    for (const s of sheetsOf('attendance')) {
      for (const r of s.rows) {
        const id = norm(cellOf(s, r.cells, 'activity_id'));
        const list = attendance.get(id) ?? [];
        list.push({ status: canonical('attendance_status', cellOf(s, r.cells, 'attendance_status')), signed: wallMinutes(cellOf(s, r.cells, 'signed_in_at')), member: norm(cellOf(s, r.cells, 'member_id')) });
        attendance.set(id, list);
      }
    }
    const one = (code: string) => summary.anomalies.find((a) => a.code === code)!;
    const field = (id: string, column: string) => {
      const a = activities.get(id)!;
      return cellOf(a.sheet, a.cells, column);
    };

    const a03 = attendance.get(one('A03_uniform_sign_in').evidence[0]!)!;
    expect(a03.length).toBeGreaterThanOrEqual(10);
    expect(a03.every((r) => r.status === '出席')).toBe(true);
    expect(new Set(a03.map((r) => r.signed)).size).toBe(1);

    const a04 = one('A04_short_meeting').evidence[0]!;
    expect(wallMinutes(field(a04, 'ended_at'))! - wallMinutes(field(a04, 'started_at'))!).toBeLessThan(30);

    const a05 = one('A05_count_mismatch').evidence[0]!;
    expect(Number(norm(field(a05, 'attended_count')))).not.toBe(attendance.get(a05)!.filter((r) => r.status === '出席').length);

    const a11 = one('A11_sign_in_outside').evidence[0]!;
    expect(attendance.get(a11)!.some((r) => r.signed !== null && r.signed < wallMinutes(field(a11, 'started_at'))! - 120)).toBe(true);

    const a08 = one('A08_no_criticism').evidence[0]!;
    expect(canonical('activity_type', field(a08, 'activity_type'))).toBe('组织生活会');
    expect(norm(field(a08, 'criticism_count'))).toBe('0');

    const [member, ...meetings] = one('A02_chronic_absentee').evidence;
    expect(meetings.length).toBeGreaterThanOrEqual(3);
    for (const id of meetings) expect(attendance.get(id)!.find((r) => r.member === member)!.status).toBe('缺席');

    const halted = new Set(
      sheetsOf('observations').flatMap((s) => s.rows.filter((r) => norm(cellOf(s, r.cells, 'halted')) === 'TRUE').map((r) => norm(cellOf(s, r.cells, 'activity_id')))),
    );
    for (const a of summary.anomalies.filter((x) => x.code === 'A06_halt_not_redone')) expect(halted.has(a.evidence[0]!)).toBe(true);

    const ratings = new Map(sheetsOf('evaluations').flatMap((s) => s.rows.map((r) => [`${norm(cellOf(s, r.cells, 'year'))}|${norm(cellOf(s, r.cells, 'branch_code'))}`, norm(cellOf(s, r.cells, 'rating'))] as const)));
    for (const a of summary.anomalies.filter((x) => x.code === 'A07_rating_inconsistent')) expect(['好', '较好']).toContain(ratings.get(`${a.period}|${a.branch_code}`));
  });

  it('shows restructured branches, missed case quarters and both failures of the rectification loop', () => {
    expect(summary.features.founded_branches.length).toBeGreaterThan(0);
    expect(summary.features.dissolved_branches.length).toBeGreaterThan(0);
    expect(summary.features.missed_case_quarters.length).toBeGreaterThan(0);
    expect(summary.features.rectification_overdue_open).not.toBeNull();
    expect(summary.features.rectification_closed_late).not.toBeNull();
    const excellent = sheetsOf('cases').flatMap((s) => s.rows.map((r) => canonical('selection', cellOf(s, r.cells, 'selection')))).filter((x) => x === '省级优秀');
    expect(excellent.length).toBeGreaterThan(0);
  });

  it('refuses a non-empty output folder, and the command refuses a bad scale', async () => {
    await expect(generateDemo({ scale: 'small', endDate: END_DATE, outDir: path.join(tmp, 'a') })).rejects.toThrow(UserError);
    await expect(runDemoCommand(['--scale', 'huge'])).rejects.toMatchObject({ exitCode: 2 });
  });
});

/**
 * The demo's history is prefix-stable: two exports of the same world (seed, scale, years)
 * ending one month apart in the same year write the same records up to the earlier end
 * date, each the same way, and differ only by what happened in between (new rows, leaving
 * dates, closed rectification items, …). This is what a platform's export one month later
 * looks like, and what the ingest's refresh (bench/models.ts) is measured on.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSpec, type TableName } from '../../ingest/contract/tables.ts';
import { generateDemo, type DemoFile, type DemoSummary } from '../../demo/generate.ts';
import { canonical, decodeText, norm, readExport, type ParsedSheet } from './read-export.ts';

const SEED = 5;
const E1 = '2024-11-30';
const E2 = '2024-12-31';

type Row = Record<string, string>;
interface Run {
  summary: DemoSummary;
  /** Contract columns of every row (raw text, NFKC + trim), per table; extra columns left out. */
  rows: Map<TableName, Row[]>;
}

let tmp: string;
let early: Run;
let late: Run;

async function read(summary: DemoSummary): Promise<Run> {
  const rows = new Map<TableName, Row[]>();
  for (const file of summary.files) {
    const sheets: ParsedSheet[] = await readExport(summary.out_dir, file);
    for (const s of sheets) {
      const list = rows.get(file.table) ?? [];
      for (const r of s.rows) {
        const row: Row = {};
        s.columns.forEach((c, i) => {
          if (c !== null) row[c] = norm(r.cells[i]);
        });
        list.push(row);
      }
      rows.set(file.table, list);
    }
  }
  return { summary, rows };
}

/** `YYYY-MM-DD` of a date or datetime cell in any of the demo's spellings ('' when empty). */
function isoDate(text: string): string {
  if (text === '') return '';
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) throw new Error(`not a date: ${text}`);
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** Last day of a quarter cell (2024Q3, 2024-Q3, 2024年第三季度, 2024年第3季度). */
function quarterEndOf(text: string): string {
  const m = /^(\d{4})\D*?([1-4一二三四])/.exec(text);
  if (!m) throw new Error(`not a quarter: ${text}`);
  const q = '1一'.includes(m[2]!) ? 1 : '2二'.includes(m[2]!) ? 2 : '3三'.includes(m[2]!) ? 3 : 4;
  return `${m[1]}-${['03-31', '06-30', '09-30', '12-31'][q - 1]}`;
}

const rowsOf = (run: Run, table: TableName) => run.rows.get(table) ?? [];
const keyOf = (table: TableName, row: Row) => tableSpec(table).key.map((k) => row[k]).join('|');
const text = (r: Row) => JSON.stringify(r, Object.keys(r).sort());
/**
 * The rows of `actual` and `expected` that the other lacks (as multisets), at most five
 * of each: a failure names the rows without diffing tens of thousands of them.
 */
function difference(actual: Row[], expected: Row[]): { missing: string[]; unexpected: string[]; n_missing: number; n_unexpected: number } {
  const counts = new Map<string, number>();
  for (const r of expected) counts.set(text(r), (counts.get(text(r)) ?? 0) + 1);
  const unexpected: string[] = [];
  for (const r of actual) {
    const n = counts.get(text(r)) ?? 0;
    if (n === 0) unexpected.push(text(r));
    else counts.set(text(r), n - 1);
  }
  const missing = [...counts].flatMap(([t, n]) => Array<string>(n).fill(t));
  return { missing: missing.slice(0, 5), unexpected: unexpected.slice(0, 5), n_missing: missing.length, n_unexpected: unexpected.length };
}
const same = { missing: [], unexpected: [], n_missing: 0, n_unexpected: 0 };
const sha = (run: Run, file: DemoFile) => crypto.createHash('sha256').update(fs.readFileSync(path.join(run.summary.out_dir, file.path))).digest('hex');
/** Day each activity of a run started on. */
const activityDays = (run: Run) => new Map(rowsOf(run, 'activities').map((a) => [a.activity_id!, isoDate(a.started_at!)]));

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhixiao-prefix-'));
  early = await read(await generateDemo({ scale: 'small', seed: SEED, endDate: E1, outDir: path.join(tmp, 'e1') }));
  late = await read(await generateDemo({ scale: 'small', seed: SEED, endDate: E2, outDir: path.join(tmp, 'e2') }));
}, 60_000);

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe(`demo exports ending ${E1} and ${E2} (same seed, same years)`, () => {
  it('write the attendance files of the earlier year byte for byte the same', () => {
    const earlier = early.summary.files.filter((f) => f.table === 'attendance' && f.path.includes('2023'));
    expect(earlier).toHaveLength(early.summary.counts.universities);
    for (const f of earlier) {
      const other = late.summary.files.find((x) => x.path === f.path);
      expect(other, f.path).toBeDefined();
      expect(sha(late, other!), f.path).toBe(sha(early, f));
    }
    // So are the other files that hold only the past: the universities and the 2023 ratings.
    for (const name of ['高校名单.csv', '2023年度党支部书记述职评议结果.txt']) {
      expect(sha(late, late.summary.files.find((f) => f.path === name)!), name).toBe(sha(early, early.summary.files.find((f) => f.path === name)!));
    }
  });

  it('write each activity started by the earlier end date the same, and nothing later', () => {
    const e1 = rowsOf(early, 'activities');
    expect(e1.length).toBeGreaterThan(3000);
    expect(e1.filter((a) => isoDate(a.started_at!) > E1)).toEqual([]);
    const later = rowsOf(late, 'activities');
    expect(later.some((a) => isoDate(a.started_at!) > E1)).toBe(true);
    expect(difference(e1, later.filter((a) => isoDate(a.started_at!) <= E1))).toEqual(same);
  });

  it('write the same attendance rows for those activities; the later year\'s files only gain lines', () => {
    const days = activityDays(late);
    const e1 = rowsOf(early, 'attendance');
    expect(e1.length).toBeGreaterThan(40_000);
    const later = rowsOf(late, 'attendance');
    expect(later.length).toBeGreaterThan(e1.length);
    expect(difference(e1, later.filter((r) => days.get(r.activity_id!)! <= E1))).toEqual(same);
    // Line by line: the earlier export's lines of 2024 are the later one's, in order, with rows added between them.
    for (const f of early.summary.files.filter((x) => x.table === 'attendance' && x.path.includes('2024'))) {
      const lines = (run: Run, file: DemoFile) => decodeText(fs.readFileSync(path.join(run.summary.out_dir, file.path)), file.encoding).split(/\r?\n/);
      const a = lines(early, f);
      const b = lines(late, late.summary.files.find((x) => x.path === f.path)!);
      expect(b.length, f.path).toBeGreaterThan(a.length);
      let j = 0;
      for (const line of a) {
        while (j < b.length && b[j] !== line) j++;
        expect(j, `${f.path}: line "${line}" of the earlier export`).toBeLessThan(b.length);
        j++;
      }
    }
  });

  it('list the members who joined by the earlier end date, the same, with only leaving dates up to it', () => {
    const e1 = rowsOf(early, 'members');
    expect(e1.filter((m) => isoDate(m.joined_branch_on!) > E1 || isoDate(m.left_branch_on!) > E1)).toEqual([]);
    const expected = rowsOf(late, 'members')
      .filter((m) => isoDate(m.joined_branch_on!) <= E1)
      .map((m) => (isoDate(m.left_branch_on!) > E1 ? { ...m, left_branch_on: '' } : m));
    expect(difference(e1, expected)).toEqual(same);
    expect(rowsOf(late, 'members').length).toBeGreaterThan(e1.length);
  });

  it('show the organisations, observations and ratings as known on the earlier end date', () => {
    const units = rowsOf(late, 'org_units')
      .filter((o) => isoDate(o.established_on!) <= E1)
      .map((o) => (isoDate(o.dissolved_on!) > E1 ? { ...o, dissolved_on: '' } : o));
    expect(difference(rowsOf(early, 'org_units'), units)).toEqual(same);

    const days = activityDays(late);
    const observations = rowsOf(early, 'observations');
    expect(observations.length).toBeGreaterThan(50);
    expect(difference(observations, rowsOf(late, 'observations').filter((o) => days.get(o.activity_id!)! <= E1))).toEqual(same);

    // 2024 is rated once it is over; the 2023 ratings stay as they were.
    expect(new Set(rowsOf(early, 'evaluations').map((e) => e.year))).toEqual(new Set(['2023']));
    expect(difference(rowsOf(early, 'evaluations'), rowsOf(late, 'evaluations').filter((e) => e.year === '2023'))).toEqual(same);
  });

  it('list the rectification items found and the cases submitted by the earlier end date, open or unselected until they change', () => {
    const open = new Set(['整改中', '未整改']);
    const items = new Map(rowsOf(early, 'rectifications').map((x) => [keyOf('rectifications', x), x]));
    const found = rowsOf(late, 'rectifications').filter((x) => isoDate(x.found_on!) <= E1);
    expect(found.length).toBe(rowsOf(early, 'rectifications').length);
    let closedSince = 0;
    for (const x of found) {
      const before = items.get(keyOf('rectifications', x));
      expect(before, x.item_id).toBeDefined();
      if (x.closed_on === '' || isoDate(x.closed_on!) <= E1) {
        expect(before).toEqual(x);
      } else {
        closedSince++;
        expect({ ...before, status: '' }).toEqual({ ...x, closed_on: '', status: '' });
        expect(open.has(canonical('rectification_status', before!.status)!), before!.status).toBe(true);
      }
    }
    expect(closedSince).toBeGreaterThan(0);
    expect(rowsOf(late, 'rectifications').length).toBeGreaterThan(found.length);

    const cases = new Map(rowsOf(early, 'cases').map((c) => [c.case_id, c]));
    const submitted = rowsOf(late, 'cases').filter((c) => quarterEndOf(c.quarter!) <= E1 && (c.submitted_on === '' || isoDate(c.submitted_on!) <= E1));
    expect(submitted.length).toBe(cases.size);
    for (const c of submitted) {
      const before = cases.get(c.case_id);
      expect(before, c.case_id).toBeDefined();
      expect({ ...before, selection: '' }).toEqual({ ...c, selection: '' });
      // A selection is made a month after the quarter: before that the case shows as not forwarded.
      if (canonical('selection', before!.selection) !== canonical('selection', c.selection)) expect(canonical('selection', before!.selection)).toBe('未推报');
    }
  });

  it('plant every anomaly in both, on the same branches and the same history', () => {
    for (const run of [early, late]) expect(run.summary.not_planted).toEqual([]);
    const branches = (run: Run) => new Set(run.summary.anomalies.map((a) => `${a.code} ${a.branch_code}`));
    expect(branches(late)).toEqual(branches(early));
    // Evidence listed at the earlier date is in both exports.
    const ids = (run: Run) => new Set([...rowsOf(run, 'activities').map((a) => a.activity_id), ...rowsOf(run, 'members').map((m) => m.member_id), ...rowsOf(run, 'observations').map((o) => o.observation_id)]);
    for (const run of [early, late]) {
      const known = ids(run);
      for (const a of early.summary.anomalies) for (const id of a.evidence) expect(known.has(id), `${a.code} ${id}`).toBe(true);
    }
  });
});

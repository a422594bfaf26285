/**
 * Ingest throughput against DuckDB's own CSV reader, side by side in one run.
 *
 *   npx tsx bench/ingest.ts [--rows 5000000] [--repeat 3] [--xlsx-rows 100000]
 *
 * For an attendance export of N rows (UTF-8), its GB18030 twin, and an XLSX of M rows:
 * zhixiao's load rate (scan + land + validate + merge, one transaction, models not
 * built) and bare `CREATE TABLE AS SELECT * FROM read_csv(file)` on the UTF-8 file, in
 * alternation; medians and ratios are printed as a Markdown table for BENCHMARKS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { openWarehouse } from '../warehouse/database.ts';
import { runIngest } from '../ingest/run.ts';
import { timeBareReadCsv } from './bare-read-csv.ts';
import { attendanceLine, MEMBERS, writeAttendance, writeParents } from './attendance-export.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '5000000' },
    repeat: { type: 'string', default: '3' },
    'xlsx-rows': { type: 'string', default: '100000' },
  },
});
const ROWS = Number(values.rows);
const REPEAT = Number(values.repeat);
const XLSX_ROWS = Number(values['xlsx-rows']);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-bench-'));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function writeXlsx(file: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
  const ws = wb.addWorksheet('参会记录');
  ws.addRow(['活动编号', '党员编号', '参会状态', '签到时间', '请假事由']).commit();
  for (let i = 0; i < rows; i++) {
    const [a, m, s, , r] = attendanceLine(i).split(',');
    ws.addRow([a, m, s, new Date(Date.UTC(2024, 2, 5, 13, i % 60)), r || null]).commit();
  }
  ws.commit();
  await wb.commit();
}

/** zhixiao: a warehouse with the parents loaded, then the timed ingest of `file` alone. */
async function timeZhixiao(file: string, parents: string): Promise<number> {
  const dbPath = path.join(work, `z-${Math.random().toString(36).slice(2)}.duckdb`);
  const warehouse = await openWarehouse(dbPath);
  await runIngest(warehouse, [parents], { hashKey: 'bench' });
  const only = path.join(work, `only-${Math.random().toString(36).slice(2)}`);
  fs.mkdirSync(only);
  fs.linkSync(file, path.join(only, path.basename(file)));
  const started = performance.now();
  const report = await runIngest(warehouse, [only], { hashKey: 'bench' });
  const ms = performance.now() - started;
  const loaded = report.files.reduce((n, f) => n + f.rows_loaded, 0);
  if (loaded === 0) throw new Error(`nothing loaded from ${file}: ${JSON.stringify(report.files)}`);
  warehouse.close();
  fs.rmSync(only, { recursive: true, force: true });
  for (const f of [dbPath, `${dbPath}.wal`]) fs.rmSync(f, { force: true });
  return ms;
}

async function main() {
  const activities = Math.ceil(Math.max(ROWS, XLSX_ROWS) / MEMBERS);
  const parents = path.join(work, 'parents');
  writeParents(parents, activities);
  const utf8 = path.join(work, 'attendance-utf8.csv');
  const gb = path.join(work, 'attendance-gb18030.csv');
  const xlsx = path.join(work, 'attendance.xlsx');
  const xlsxCsv = path.join(work, 'attendance-xlsx-twin.csv');
  process.stderr.write(`writing ${ROWS} rows (UTF-8, GB18030) and ${XLSX_ROWS} rows (XLSX) under ${work}\n`);
  await writeAttendance(utf8, ROWS, 'utf-8');
  await writeAttendance(gb, ROWS, 'gb18030');
  await writeAttendance(xlsxCsv, XLSX_ROWS, 'utf-8');
  await writeXlsx(xlsx, XLSX_ROWS);

  const cases = [
    { name: `UTF-8 CSV, ${ROWS.toLocaleString()} rows`, file: utf8, bareFile: utf8, rows: ROWS },
    { name: `GB18030 CSV, ${ROWS.toLocaleString()} rows`, file: gb, bareFile: utf8, rows: ROWS },
    { name: `XLSX, ${XLSX_ROWS.toLocaleString()} rows`, file: xlsx, bareFile: xlsxCsv, rows: XLSX_ROWS },
  ];
  const lines = [
    `| file | zhixiao rows/s (median of ${REPEAT}) | bare read_csv rows/s (same data as UTF-8 CSV) | ratio |`,
    '| --- | ---: | ---: | ---: |',
  ];
  for (const c of cases) {
    const z: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      b.push(await timeBareReadCsv(c.bareFile, work));
      z.push(await timeZhixiao(c.file, parents));
      process.stderr.write(`${c.name}: zhixiao ${Math.round(z[i])} ms, bare ${Math.round(b[i])} ms\n`);
    }
    const zr = c.rows / (median(z) / 1000);
    const br = c.rows / (median(b) / 1000);
    lines.push(`| ${c.name} | ${Math.round(zr).toLocaleString()} | ${Math.round(br).toLocaleString()} | ${(zr / br).toFixed(2)} |`);
  }
  console.log(`Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}\n`);
  console.log(lines.join('\n'));
  fs.rmSync(work, { recursive: true, force: true });
}

await main();

/**
 * Full ingest + model build at province scale, then the refresh after one more month.
 *
 *   npx tsx bench/models.ts [--years 3] [--end-date 2025-11-30] [--keep DIR]
 *                           [--memory-limit 3GB] [--refresh-memory-limit 6GB]
 *
 * 1. Demo exports for the province (121 universities, ~20k branches) over `--years`
 *    years ending at `--end-date` (generated once into DIR, reused when present).
 * 2. A fresh warehouse: `zhixiao ingest` of them (one transaction, models rebuilt):
 *    wall time and the process's peak RSS.
 * 3. The exports one month later: the same history plus one month (the demo's history is
 *    prefix-stable), exported in full again as platforms do — files whose bytes did not
 *    change are skipped as duplicates, unchanged rows are neither loaded nor updated:
 *    the refresh's wall time and RSS.
 * Each ingest runs as its own `zhixiao ingest` process, so its peak RSS is its own.
 * 4. The yardstick, in the same run: bare reading (DuckDB read_csv, read-excel-file) of every
 *    export of the full load, and of the files the refresh had to read (those whose bytes
 *    changed): no run can be faster than that (export-reading-floor.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemo } from '../demo/generate.ts';
import { changedFiles, filesUnder, timeBareReading, type ReadingFloor } from './export-reading-floor.ts';

const { values } = parseArgs({
  options: {
    years: { type: 'string', default: '3' },
    'end-date': { type: 'string', default: '2025-11-30' },
    keep: { type: 'string' },
    'memory-limit': { type: 'string', default: '3GB' },
    /** The refresh's DuckDB memory limit, when it should differ from the full load's. */
    'refresh-memory-limit': { type: 'string' },
  },
});
const years = Number(values.years);
const endDate = values['end-date']!;
const root = values.keep ? path.resolve(values.keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'zx-bench-models-'));
fs.mkdirSync(root, { recursive: true });

function nextMonthEnd(day: string): string {
  const [y, m] = day.split('-').map(Number);
  const end = new Date(Date.UTC(y, m + 1, 0)); // last day of the month after
  return end.toISOString().slice(0, 10);
}

async function exportsFor(end: string): Promise<string> {
  const dir = path.join(root, `exports-${end}`);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) return dir;
  const started = performance.now();
  const summary = await generateDemo({ scale: 'province', years, endDate: end, outDir: dir, seed: 1 });
  const attendance = summary.files.filter((f) => f.table === 'attendance').reduce((n, f) => n + f.rows, 0);
  process.stderr.write(`generated ${dir}: ${attendance.toLocaleString()} attendance rows in ${Math.round((performance.now() - started) / 1000)} s\n`);
  return dir;
}

/** Run `zhixiao ingest DIR --json` as a child; wall time, CPU time and peak RSS (GNU time), row counts. */
interface IngestFigures {
  seconds: number;
  /** User + system CPU seconds: over `seconds`, how many of the cores the run kept busy. */
  cpuSeconds: number;
  rssGiB: number;
  loaded: number;
  updated: number;
  duplicate: number;
  timings: unknown;
  /** Set when the ingest failed (e.g. out of memory): the run is reported, not the bench aborted. */
  failure?: string;
}

function ingest(db: string, dir: string, memoryLimit: string): IngestFigures {
  const started = performance.now();
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', 'MAXRSS_KB=%M CPU_S=%U+%S', process.execPath, path.resolve('bin/zhixiao.js'), 'ingest', dir, '--json', '--db', db],
    { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ZHIXIAO_MEMORY_LIMIT: memoryLimit } },
  );
  const seconds = (performance.now() - started) / 1000;
  const rss = Number(/MAXRSS_KB=(\d+)/.exec(result.stderr)?.[1] ?? 0) / 2 ** 20;
  const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(result.stderr);
  const cpuSeconds = cpu ? Number(cpu[1]) + Number(cpu[2]) : 0;
  if (result.status !== 0 && result.status !== 1) {
    const message = /Error: ([^\n]*)/.exec(result.stderr)?.[1] ?? `exit ${result.status}`;
    process.stderr.write(`ingest of ${dir} failed (${result.status}): ${result.stderr.slice(-2000)}\n`);
    return { seconds, cpuSeconds, rssGiB: rss, loaded: 0, updated: 0, duplicate: 0, timings: null, failure: message.slice(0, 120) };
  }
  const report = JSON.parse(result.stdout);
  const files = report.files as { status: string; rows_loaded: number; rows_updated: number }[];
  return {
    seconds,
    cpuSeconds,
    rssGiB: rss,
    loaded: files.reduce((n, f) => n + f.rows_loaded, 0),
    updated: files.reduce((n, f) => n + f.rows_updated, 0),
    duplicate: files.filter((f) => f.status === 'duplicate').length,
    timings: report.timings_ms,
  };
}

const first = await exportsFor(endDate);
const second = await exportsFor(nextMonthEnd(endDate));
const db = path.join(root, 'bench.duckdb');
for (const f of [db, `${db}.wal`, `${db}.key`]) fs.rmSync(f, { force: true });

const full = ingest(db, first, values['memory-limit']!);
const refreshLimit = values['refresh-memory-limit'] ?? values['memory-limit']!;
const refresh = ingest(db, second, refreshLimit);
const row = (name: string, r: IngestFigures) =>
  r.failure
    ? `| ${name} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds.toFixed(0)} | ${r.rssGiB.toFixed(2)} | failed: ${r.failure} | | | |`
    : `| ${name} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds.toFixed(0)} | ${r.rssGiB.toFixed(2)} | ${r.loaded.toLocaleString()} | ${r.updated.toLocaleString()} | ${r.duplicate} | \`${JSON.stringify(r.timings)}\` |`;
console.log(`Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; province demo, ${years} years to ${endDate}; DuckDB memory_limit ${values['memory-limit']}${refreshLimit !== values['memory-limit'] ? ` (refresh: ${refreshLimit})` : ''}\n`);
console.log('| run | wall s | CPU s | peak RSS GiB | rows loaded | rows updated | duplicate files | timings_ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
console.log(row('full ingest + build', full));
console.log(row('refresh after one more month', refresh));
const floorFull = await timeBareReading(filesUnder(first), root);
const floorRefresh = await timeBareReading(changedFiles(first, second), root);
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const floorRow = (name: string, r: IngestFigures, f: ReadingFloor) =>
  `| ${name} | ${f.files - f.refused} | ${f.rows.toLocaleString()} | ${seconds(f.textMs)} | ${seconds(f.decodeMs)} | ${seconds(f.workbookMs)} | ${seconds(f.sequentialMs)} | ${seconds(f.overlappedMs)} | ${r.seconds.toFixed(1)} | ${(f.overlappedMs / 1000 / r.seconds).toFixed(2)} |`;
console.log('\nBare reading of the same exports (no zhixiao), in the same run:\n');
console.log('| exports read | files | rows | text read_csv s | GB18030 decode s | workbooks s | one after the other s | workbooks beside s | zhixiao s | floor / zhixiao |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
console.log(floorRow('full load: every export', full, floorFull));
console.log(floorRow('refresh: the exports whose bytes changed', refresh, floorRefresh));
if (!values.keep) fs.rmSync(root, { recursive: true, force: true });
if (full.failure || refresh.failure) process.exitCode = 1;

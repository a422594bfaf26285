/**
 * One ingest run: files and folders in, one transaction out. Files are read in path
 * order, recognised by content, and loaded table by table in dependency order whatever
 * order they came in; orphans of earlier runs are retried when their table's turn
 * comes. Killed halfway, the warehouse is as it was before the run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TABLES, type TableName, type TableSpec } from './contract/tables.ts';
import { describeColumn, findHeader, type HeaderMatch } from './detect/match-header.ts';
import { scanFile, type FileScan } from './read/scan-file.ts';
import { needsUtf8Copy, quotesAsTextScan, readHeadText, sniffTextHeader, textFileCells, transcodeToUtf8, type LandedRelation } from './read/text-file.ts';
import { addToBatch, closeBatch, openBatch, openTypedRows, TypingWorker, typeIntoBatch, typeSource } from './typed-batch.ts';
import { landedSheetRows } from './read/xlsx-file.ts';
import { landWorkbook as landWorkbookHere, type LandedWorkbook } from './read/workbook-landing.ts';
import { WorkbookPool } from './read/workbook-pool.ts';
import { installIngestMacros } from './sql-macros.ts';
import {
  changedRowsSql,
  matchedRowsSql,
  deleteChangedSql,
  insertChangedSql,
  insertNewSql,
  keyRangeSql,
  type KeyRange,
  quarantinedRowsSql,
  quarantineProblemsSql,
  refreshRetriedSql,
  resolveRetriedSql,
  chainLineageSql,
  EMPTY_KEY_CHAINS_SQL,
  sameRunResolvedSql,
  allWaitingKeysSql,
  deleteSameRunResolvedSql,
  emptyWaitingKeysSql,
  newWaitingKeysSql,
  resolveOutdatedOrphansSql,
  hasKeysInSeveralFilesSql,
  keyChainsSql,
} from './load-sql.ts';
import {
  duplicateKeySql,
  hasDuplicateKeysSql,
  mayRepeatKeysSql,
  ident,
  ParamBag,
  keptColumnRulesSql,
  keptRequiredSql,
  parentCheckSql,
  referenceSql,
  supersededRetriesSql,
  workbookAcrossBatchesSql,
  workbookSpanSql,
} from './validate-sql.ts';
import { scopeCheckSql, type IngestScope } from './scope-sql.ts';
import type { FileReport, IngestReport, QuarantinedRow } from './report.ts';
import { hashKeyPath } from './secret.ts';
import { UserError } from '../warehouse/errors.ts';
import type { Warehouse } from '../warehouse/database.ts';

export interface IngestProgress {
  phase: 'scan' | 'load' | 'models' | 'commit';
  done: number;
  total: number;
  detail?: string;
}

export interface IngestOptions {
  /** Key of the ID-number hash (see secret.ts). */
  hashKey: string;
  /**
   * Rebuild the models inside the run's transaction; told whether the run changed any data
   * (models/rebuild.ts keeps current marts when it did not).
   */
  buildModels?: (connection: DuckDBConnection, changes: { dataChanged: boolean }) => Promise<unknown>;
  onProgress?: (progress: IngestProgress) => void;
  /** Where temporary UTF-8 copies of GB18030 files go (default: the OS temp folder). */
  tmpDir?: string;
  runId?: string;
  /**
   * Load only the rows of this university (a university user's upload); the others are
   * quarantined with the reason (scope-sql.ts). Absent: everything (the province, the CLI).
   */
  scope?: IngestScope;
}

/**
 * The run report lists at most this many quarantined rows (the per-file counts and the
 * quarantine table have them all): a wrong file of millions of orphans must not make the
 * report itself too large to print.
 */
const REPORT_QUARANTINE_LIMIT = 100_000;

/** One loadable unit: a text file, or one sheet of a workbook, whose header matched. */
interface Source {
  scan: FileScan;
  /** The sheet of a workbook; null for a text file. */
  sheet: { name: string } | null;
  match: HeaderMatch;
  delimiter: string | null;
  report: FileReport;
  /** A sheet's rows, written to a Parquet file when its workbook was read, and how to read them. */
  landedSheet?: { file: string; rows: LandedRelation };
}

/** Files under the given paths (folders recursed), in code-point order of the full path. */
export function expandPaths(inputs: string[], skip: ReadonlySet<string> = new Set()): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p)) walk(path.join(p, entry));
    else if (stat.isFile() && !skip.has(path.resolve(p))) files.push(path.resolve(p));
  };
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new UserError(`找不到文件或文件夹：${input}\nNo such file or folder. Check the path.`, 2);
    walk(input);
  }
  // Nothing to load is nothing done (cli.md: exit 2), not an empty run in the warehouse's history.
  if (files.length === 0) {
    throw new UserError(`在 ${inputs.join('、')} 中没有找到任何文件：请确认文件夹里有导出的 CSV、TSV、TXT 或 XLSX 文件。\nNo files found there.`, 2);
  }
  // UTF-8 byte order is code-point order (JavaScript's default sort is UTF-16 order).
  return [...new Set(files)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** The files of the warehouse at `dbPath`: the database, its write-ahead log, its hash key. */
function warehouseFiles(dbPath: string): Set<string> {
  if (dbPath === ':memory:') return new Set();
  const db = path.resolve(dbPath);
  return new Set([db, `${db}.wal`, path.resolve(hashKeyPath(dbPath))]);
}

export function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** A sheet of a workbook and the table it held. */
interface SheetHeld {
  sheet: string;
  table: TableName | null;
}

/** The encoding a text file was read in, as the report says it. */
function encodingNote(scan: FileScan): string {
  if (scan.encoding === 'gb18030') return 'GB18030';
  return scan.invalidUtf8 > 0 ? `UTF-8，其中 ${scan.invalidUtf8} 处字节不是有效的 UTF-8，所在行已隔离` : 'UTF-8';
}

function emptyReport(scan: FileScan, status: FileReport['status'], message: string): FileReport {
  return {
    path: scan.path,
    table: null,
    sheet: null,
    status,
    rows_read: 0,
    rows_loaded: 0,
    rows_updated: 0,
    rows_quarantined: 0,
    // A refusal names its file in the message itself (data-contract.md), for whoever reads it alone.
    message: status === 'refused' ? `文件「${path.basename(scan.path)}」：${message}` : message,
  };
}

/**
 * A text file that is a web page or Excel 2003 XML rather than a table of text: some platforms
 * save those under .xls. Said as such, with what to do; null for any other text.
 */
export function markupRefusal(head: string): string | null {
  const start = head.replace(/^\uFEFF/, '').trimStart().slice(0, 4096).toLowerCase();
  if (!start.startsWith('<')) return null;
  if (start.includes('urn:schemas-microsoft-com:office:spreadsheet')) {
    return '这是 Excel 2003 XML 表格（扩展名常为 .xls），不能直接读取：请在 Excel 或 WPS 中打开后另存为 .xlsx 或 CSV 再导入。';
  }
  if (/<(html|table|!doctype html)/.test(start)) {
    return '这是网页（HTML）格式的表格（有的系统把它存为 .xls），不能直接读取：请在 Excel 或 WPS 中打开后另存为 .xlsx 或 CSV 再导入。';
  }
  return null;
}

/** Why a file (or one sheet of a workbook: the others load on their own) is refused; null when it is not. */
function refusalForMatch(match: HeaderMatch | null, refused: 'file' | 'sheet' = 'file'): string | null {
  if (!match) {
    return '无法识别表头：前 15 行中没有找到任何一张表（高校、党组织、党员、组织生活记录、参会记录、列席督导、整改清单、典型案例、述职评议）的列名。请检查是否选错了文件。';
  }
  if (match.missingRequired.length) {
    return `看起来是「${match.table.label}」(${match.table.name}) 表，但缺少必填列：${match.missingRequired
      .map(describeColumn)
      .join('、')}。请在导出时勾选这些列后重新导出。${refused === 'file' ? '整个文件未导入。' : '这张工作表未导入（同一文件的其他工作表照常导入）。'}`;
  }
  return null;
}

function unknownNote(match: HeaderMatch): string {
  const unknown = match.unknown.length ? `；已忽略未知列：${match.unknown.join('、')}` : '';
  const repeated = match.repeated.length
    ? `；已忽略重复的列：${match.repeated.map((r) => `${r.cell}（与「${r.first}」同为 ${r.column}，读取在前的「${r.first}」）`).join('、')}`
    : '';
  return unknown + repeated;
}

/**
 * Recognise what a file holds, from a workbook's sheets as `landed` gives them or a text file's
 * header; refused files get their report here.
 */
async function recognise(scan: FileScan, landed: () => Promise<LandedWorkbook>): Promise<{ sources: Source[]; refused: FileReport[] }> {
  if (scan.kind === 'xls') {
    return { sources: [], refused: [emptyReport(scan, 'refused', '这是旧版 Excel (.xls) 文件，不能直接读取：请在 Excel 或 WPS 中另存为 .xlsx 后再导入。')] };
  }
  if (scan.kind === 'binary') {
    return { sources: [], refused: [emptyReport(scan, 'refused', '不是文本表格或 .xlsx 文件（含二进制内容，或为 UTF-16 编码）：请导出为 CSV（UTF-8 或 GBK）或 .xlsx。')] };
  }
  if (scan.kind === 'xlsx') {
    const workbook = await landed();
    if ('error' in workbook) {
      return { sources: [], refused: [emptyReport(scan, 'refused', `无法读取该 .xlsx 文件（${workbook.error}）：请用 Excel 或 WPS 打开后重新保存。`)] };
    }
    const sources: Source[] = [];
    const refusedSheets: FileReport[] = [];
    /** Sheets naming some columns of a table but none of its key: a template's drop-down lists. */
    const keyless: { report: FileReport; note: string }[] = [];
    const ignored: string[] = [];
    for (const sheet of workbook.sheets) {
      // The same search the thread made: a match here is a sheet it landed.
      const match = findHeader(sheet.head);
      if (!match || sheet.file === null) {
        ignored.push(sheet.name); // a sheet of notes or anything else: not a table of the contract
        continue;
      }
      const refusal = refusalForMatch(match, 'sheet');
      if (refusal) {
        // A sheet that looks like a table but lacks a required column is refused on its own.
        const report = { ...emptyReport(scan, 'refused', `工作表「${sheet.name}」：${refusal}`), table: match.table.name, sheet: sheet.name };
        if (match.table.key.some((k) => match.columns.has(k))) refusedSheets.push(report);
        else {
          const key = match.table.key.map((k) => `「${match.table.columns.find((c) => c.name === k)!.headers[0]}」`).join('');
          keyless.push({ report, note: `${sheet.name}（没有${key}列）` });
        }
        continue;
      }
      sources.push({
        scan,
        sheet: { name: sheet.name },
        match,
        delimiter: null,
        landedSheet: { file: sheet.file, rows: landedSheetRows(sheet.file) },
        report: {
          ...emptyReport(scan, 'loaded', `识别为「${match.table.label}」${unknownNote(match)}`),
          table: match.table.name,
          sheet: sheet.name,
        },
      });
    }
    // Beside a sheet of data, a keyless sheet is not an export (a list of the values of 活动类型,
    // 开展形式… for a template's drop-downs): it is passed over, not refused. Alone, it is refused
    // naming what it lacks.
    if (!sources.length) refusedSheets.push(...keyless.map((k) => k.report));
    if (!sources.length && !refusedSheets.length) {
      return { sources, refused: [emptyReport(scan, 'refused', `${refusalForMatch(null)}（工作表：${ignored.join('、') || '无'}）`)] };
    }
    for (const s of sources) {
      if (ignored.length) s.report.message += `；未导入不含表头的工作表：${ignored.join('、')}`;
      if (keyless.length) s.report.message += `；未导入不是导出数据的工作表：${keyless.map((k) => k.note).join('、')}`;
    }
    return { sources, refused: refusedSheets };
  }
  const head = readHeadText(scan);
  const sniffed = sniffTextHeader(head);
  const refusal = (sniffed ? null : markupRefusal(head)) ?? refusalForMatch(sniffed?.match ?? null);
  if (refusal) {
    const report = emptyReport(scan, 'refused', refusal);
    report.table = sniffed?.match.table.name ?? null;
    return { sources: [], refused: [report] };
  }
  const { match, delimiter } = sniffed!;
  return {
    sources: [
      {
        scan,
        sheet: null,
        match,
        delimiter,
        report: {
          ...emptyReport(scan, 'loaded', `识别为「${match.table.label}」（${encodingNote(scan)}）${unknownNote(match)}`),
          table: match.table.name,
        },
      },
    ],
    refused: [],
  };
}

/**
 * The run's working tables (landed cells, typed rows, matches) are dropped once the data is
 * merged: the model build that follows in the same transaction needs their memory — a 3-year
 * refresh ran out of it. The macros' lookup tables (zx_…) stay.
 */
async function dropWorkTables(connection: DuckDBConnection): Promise<void> {
  await connection.run('drop view if exists typed_rows');
  const names = (
    await connection.runAndReadAll("select table_name from duckdb_tables() where database_name = 'temp' and not starts_with(table_name, 'zx_')")
  ).getRows().map((r) => String(r[0]));
  for (const name of names) await connection.run(`drop table if exists temp.main.${ident(name)}`);
}

async function run(connection: DuckDBConnection, sql: string, bag?: ParamBag): Promise<void> {
  const t = performance.now();
  await connection.run(sql, bag?.usedBy(sql));
  if (process.env.ZHIXIAO_PROFILE) process.stderr.write(`${Math.round(performance.now() - t)} ms: ${sql.trim().slice(0, 90).replace(/\s+/g, ' ')}\n`);
}

async function scalar(connection: DuckDBConnection, sql: string, params?: Record<string, string | number | null>): Promise<number> {
  const rows = (await connection.runAndReadAll(sql, params)).getRows();
  return Number(rows[0]?.[0] ?? 0);
}

/** Validate raw_rows of `table`, quarantine what fails, merge what passes. */
/**
 * Check the batch in typed_rows (one file, several files with the same columns, or the
 * orphans being retried), quarantine what fails, merge what passes. The checks and the
 * merge read the warehouse table once for the whole batch.
 */
async function checkAndMerge(
  connection: DuckDBConnection,
  table: TableSpec,
  present: Set<string>,
  runId: string,
  timings: IngestReport['timings_ms'],
  scope: IngestScope | undefined,
  batchFacts: BatchFacts,
): Promise<{ loaded: number; updated: number; problems: number }> {
  let t = performance.now();
  let bag: ParamBag;
  const mayRepeat = (await scalar(connection, mayRepeatKeysSql(table))) > 0;
  if (mayRepeat && (await scalar(connection, hasDuplicateKeysSql(table)))) {
    bag = new ParamBag();
    await run(connection, duplicateKeySql(table, bag), bag);
  }
  // The sheets of one workbook are one file, also when they come in several batches.
  const [continues, endsWithSheet] = (await connection.runAndReadAll(workbookSpanSql())).getRows()[0]!.map(Boolean);
  for (const statement of workbookAcrossBatchesSql(table, (bag = new ParamBag()), { continues, endsWithSheet })) await run(connection, statement, bag);
  if (batchFacts.retried) {
    for (const statement of supersededRetriesSql(table, (bag = new ParamBag()), runId)) await run(connection, statement, bag);
  }
  for (const statement of keptRequiredSql(table, present, (bag = new ParamBag()), batchFacts.retried)) await run(connection, statement, bag);
  for (const reference of table.references) {
    const selfReference = reference.table === table.name;
    // The batch's lowest and highest value of the referring column, to bound the parent's scan.
    let bounds = batchFacts.referenceBounds?.get(reference.column);
    if (bounds === undefined) {
      const column = ident(`v_${reference.column}`);
      const [low, high] = (await connection.runAndReadAll(`select min(${column}), max(${column}) from typed_rows where problem is null`)).getRows()[0] ?? [null, null];
      bounds = low === null || high === null ? null : { low: plainKey(low), high: plainKey(high) };
    }
    // A row may name a parent of the same batch that is itself an orphan: repeat to a fixpoint.
    for (let round = 0; round < (selfReference ? 20 : 1); round++) {
      // Checks only add problems (to late_problems), so a round that adds none is the fixpoint.
      const before = await scalar(connection, 'select count(*) from late_problems');
      bag = new ParamBag();
      await run(connection, referenceSql(table, reference, bag, bounds), bag);
      const after = await scalar(connection, 'select count(*) from late_problems');
      if (after === before) break;
    }
    for (const statement of parentCheckSql(table, reference, (bag = new ParamBag()))) await run(connection, statement, bag);
  }
  for (const statement of keptColumnRulesSql(table, present, (bag = new ParamBag()))) await run(connection, statement, bag);
  if (scope) for (const statement of scopeCheckSql(table, (bag = new ParamBag()), scope)) await run(connection, statement, bag);
  const range = batchFacts.range ?? (await keyRange(connection, table));
  // A key in several files of the batch: after the checks, so that only valid rows compete.
  await connection.run(EMPTY_KEY_CHAINS_SQL);
  if (mayRepeat && !batchFacts.retried && (await scalar(connection, hasKeysInSeveralFilesSql(table)))) {
    for (const statement of keyChainsSql(table, present, range, (bag = new ParamBag()))) await run(connection, statement, bag);
  }
  timings.validate += performance.now() - t;
  t = performance.now();
  // Most batches have no problem at all: then there is nothing to quarantine or count. With the
  // typing's own count, the checks' count adds to it without another pass over the rows (a sum
  // that may exceed the rows with a problem — one dropped, or found twice —, only ever compared with 0).
  const problems =
    batchFacts.typingProblems === undefined
      ? await scalar(connection, 'select count(*) from typed_rows where problem is not null')
      : batchFacts.typingProblems + (await scalar(connection, 'select count(*) from late_problems'));
  if (problems > 0) {
    bag = new ParamBag();
    await run(connection, quarantineProblemsSql(table, bag, runId, present), bag);
  }
  if (batchFacts.retried) {
    bag = new ParamBag();
    await run(connection, resolveRetriedSql(bag, runId), bag);
    // A scoped run (a university's upload) leaves the orphans it could not load as they were,
    // waiting: what its own rows say of another university's parents must not change them.
    if (problems > 0 && !scope) {
      bag = new ParamBag();
      await run(connection, refreshRetriedSql(bag), bag);
    }
  }
  bag = new ParamBag();
  await run(connection, matchedRowsSql(table, present, range, bag, batchFacts.retried), bag);
  const updated = await scalar(connection, 'select count(*) from matched_rows where is_changed');
  if (updated > 0) {
    bag = new ParamBag();
    await run(connection, changedRowsSql(table, present, range, bag, batchFacts.retried), bag);
    bag = new ParamBag();
    await run(connection, deleteChangedSql(table, range, bag), bag);
  }
  bag = new ParamBag();
  let sql = insertNewSql(table, bag, runId);
  const loaded = (await connection.run(sql, bag.usedBy(sql))).rowsChanged;
  if (updated > 0) {
    bag = new ParamBag();
    sql = insertChangedSql(table, bag, runId);
    await connection.run(sql, bag.usedBy(sql));
  }
  timings.load += performance.now() - t;
  return { loaded, updated, problems };
}

/**
 * What the first pass over a batch's rows told (the main loop): the range of first keys; for
 * each referring column, its lowest and highest value among rows without a problem — a
 * superset of those the checks leave valid, which is all a bound of the parent's scan needs;
 * the rows the typing found a problem in. Absent: checkAndMerge asks itself.
 */
interface BatchFacts {
  range: KeyRange | null;
  retried: boolean;
  referenceBounds?: Map<string, { low: string | number | null; high: string | number | null } | null>;
  typingProblems?: number;
}

/** How many of the table's orphans wait in quarantine for their parent. */
function waitingOrphans(connection: DuckDBConnection, table: TableSpec): Promise<number> {
  return scalar(connection, 'select count(*) from quarantine where table_name = $t and retry and resolved_run_id is null', { t: table.name });
}

/** The batch's range of first keys, to bound its joins with the warehouse table (load-sql.ts). */
async function keyRange(connection: DuckDBConnection, table: TableSpec): Promise<KeyRange> {
  const [low, high] = (await connection.runAndReadAll(keyRangeSql(table))).getRows()[0] ?? [null, null];
  // No valid row: nothing can match, and NULL bounds select nothing.
  return { low: plainKey(low), high: plainKey(high) };
}

/** A key value from DuckDB as a parameter value. */
function plainKey(x: unknown): string | number | null {
  return x === null || x === undefined ? null : typeof x === 'bigint' ? Number(x) : typeof x === 'number' ? x : String(x);
}

/** Per-file figures of a merged batch, into each file's report and its source_files row. */
async function reportBatch(
  connection: DuckDBConnection,
  table: TableSpec,
  runId: string,
  files: { source: Source; fileId: number; read: number }[],
  problems: number,
): Promise<void> {
  // Rows this run wrote for the batch's files (new and changed), quarantined, changed; and, for
  // keys several files hold (key_chains), each file's share as if they had loaded one by one.
  type Count = { written: number; quarantined: number; updated: number; chainLoaded: number; chainUpdated: number };
  const counts = new Map<number, Count>();
  for (const f of files) counts.set(f.fileId, { written: 0, quarantined: 0, updated: 0, chainLoaded: 0, chainUpdated: 0 });
  const add = async (sql: string, fields: (keyof Count)[], params?: Record<string, string | number>) => {
    for (const [fileId, ...n] of (await connection.runAndReadAll(sql, params)).getRows()) {
      const entry = counts.get(Number(fileId));
      if (entry) fields.forEach((field, i) => (entry[field] = Number(n[i])));
    }
  };
  // The file id bounds let the scan skip the row groups of other files by their statistics.
  const ids = files.map((f) => f.fileId);
  await add(
    `select file_id, count(*) from ${ident(table.name)}
     where run_id = $run and file_id between $low::integer and $high::integer
       and file_id in (select distinct file_id from typed_rows)
     group by 1`,
    ['written'],
    { run: runId, low: Math.min(...ids), high: Math.max(...ids) },
  );
  if (problems > 0) await add('select file_id, count(*) from typed_rows where problem is not null group by 1', ['quarantined']);
  await add('select file_id, count(*) from matched_rows where is_changed group by 1', ['updated']);
  // A chain's last row was merged (and counted above) against the table; its file's share is
  // against the row before it instead.
  await add(
    `select file_id,
       count_if(is_loaded) - count_if(is_last and is_new_in_table),
       count_if(is_updated) - count_if(is_last and is_changed_in_table)
     from key_chains group by 1`,
    ['chainLoaded', 'chainUpdated'],
  );
  for (const { source, fileId, read } of files) {
    const c = counts.get(fileId)!;
    Object.assign(source.report, {
      rows_read: read,
      rows_loaded: c.written - c.updated + c.chainLoaded,
      rows_updated: c.updated + c.chainUpdated,
      rows_quarantined: c.quarantined,
    });
    await finishFile(connection, fileId, source.report);
  }
}

/**
 * Sources of one table cut into batches: consecutive sources (in path order) with the same
 * columns, up to about BATCH_BYTES of exports. The checks and the merge then read the
 * warehouse table once per batch rather than once per file, and memory stays bounded.
 * Batches keep path order, so a parent in an earlier file (an org unit's parent) and the
 * "later file wins" rule hold exactly as if the files loaded one by one.
 */
const BATCH_BYTES = 128 * 1024 * 1024;

function batchesInOrder(sources: Source[]): Source[][] {
  const batches: Source[][] = [];
  let batch: Source[] = [];
  let bytes = 0;
  let signature = '';
  for (const source of sources) {
    const columns = [...source.match.columns.keys()].sort().join(',');
    if (batch.length > 0 && (columns !== signature || bytes + source.scan.bytes > BATCH_BYTES)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(source);
    bytes += source.scan.bytes;
    signature = columns;
  }
  if (batch.length) batches.push(batch);
  return batches;
}

/** Files scanned (read, hashed, their lines counted) at the same time. */
const SCAN_CONCURRENCY = 4;

/** A workbook this small is read on the run's thread when its turn comes (about 0.1 s). */
const SMALL_WORKBOOK_BYTES = 1024 * 1024;

/** Threads reading workbooks: as many as the cores, two at most (each holds a workbook in memory). */
const WORKBOOK_THREADS = Math.max(1, Math.min(2, os.availableParallelism()));

/** How far the worker types ahead of the merge, in bytes of exports (bounds the temp folder). */
const TYPE_AHEAD_BYTES = 256 * 1024 * 1024;

function typedSourceOf(source: Source) {
  return { scan: source.scan, isSheet: source.sheet !== null, match: source.match };
}

/**
 * On the worker's connection: a source typed into a Parquet file of its own; a GB18030
 * file's UTF-8 copy and a sheet's landed rows go once they have served (a file is read once
 * a run).
 */
async function typeOneSource(connection: DuckDBConnection, source: Source, tmpDir: string, hashKey: string, index: number): Promise<string> {
  const out = path.join(tmpDir, `typed-${index}.parquet`);
  const land = await landSource(source, tmpDir);
  try {
    await typeSource(connection, source.match.table, typedSourceOf(source), land, hashKey, out);
  } catch (error) {
    // A quote DuckDB cannot read as CSV, in a file that quotes nothing: its quotes are text.
    const asText = source.sheet === null && unreadableTextMessage(error) !== null ? await quotesAsText(source, tmpDir) : null;
    if (!asText) throw error;
    await typeSource(connection, source.match.table, { ...typedSourceOf(source), scan: asText.scan }, asText.land, hashKey, out);
    source.report.message += '；单元格中的英文双引号不合 CSV 规则，已按原文读取';
  } finally {
    fs.rmSync(source.landedSheet?.file ?? utf8CopyPath(source, tmpDir), { force: true });
  }
  return out;
}

/** A text source read again with its quotes as text, or null when it has CSV quoting (quotesAsTextScan). */
async function quotesAsText(source: Source, tmpDir: string): Promise<{ scan: FileScan; land: LandedRelation } | null> {
  const csvPath = needsUtf8Copy(source.scan) ? utf8CopyPath(source, tmpDir) : source.scan.path;
  const width = source.match.headerCells.length;
  const scan = await quotesAsTextScan(csvPath, source.scan, source.delimiter!, width);
  return scan && { scan, land: textFileCells(csvPath, scan, source.delimiter!, width, 'text') };
}

/** Where a GB18030 text file's UTF-8 copy is written for DuckDB's reader. */
function utf8CopyPath(source: Source, tmpDir: string): string {
  return path.join(tmpDir, `${source.scan.sha256}.utf8.csv`);
}

async function landSource(source: Source, tmpDir: string): Promise<LandedRelation> {
  if (source.landedSheet) return source.landedSheet.rows;
  let csvPath = source.scan.path;
  if (needsUtf8Copy(source.scan)) {
    csvPath = utf8CopyPath(source, tmpDir);
    await transcodeToUtf8(source.scan.path, csvPath, source.scan.encoding);
  }
  return textFileCells(csvPath, source.scan, source.delimiter!, source.match.headerCells.length);
}



/**
 * What to tell about a text file DuckDB's CSV reader stopped on (a cell that opens a quote it
 * does not close as CSV does, e.g. `"两学一做"专题` unescaped), or null for any other failure.
 */
export function unreadableTextMessage(error: unknown): string | null {
  const text = error instanceof Error ? error.message : String(error);
  if (!/^Invalid Input Error: CSV Error/.test(text)) return null;
  const line = /CSV Error on Line: (\d+)/.exec(text)?.[1];
  // The line itself is not quoted: it is the export as written, before names are masked and
  // ID numbers hashed, and this message is stored and shown to every user of the university.
  const where = line ? `第 ${line} 行` : '文件中有一行';
  return (
    `${where}无法按 CSV 格式读取，整个文件未导入：多半是单元格里的英文双引号没有按 CSV 规则写` +
    '（含引号的单元格应整格用双引号括起，格内的双引号写成两个 ""）。请在 Excel 或 WPS 中打开该文件，另存为 CSV 后重新导入。'
  );
}

async function registerFile(
  connection: DuckDBConnection,
  runId: string,
  report: FileReport,
  scan: FileScan,
): Promise<number> {
  const rows = (
    await connection.runAndReadAll(
      `insert into source_files (run_id, path, sha256, bytes, table_name, sheet, status, message)
       values ($run, $path, $sha, $bytes, $table, $sheet, $status, $message) returning file_id`,
      {
        run: runId,
        path: report.path,
        sha: scan.sha256,
        bytes: scan.bytes,
        table: report.table,
        sheet: report.sheet,
        status: report.status,
        message: report.message,
      },
    )
  ).getRows();
  return Number(rows[0][0]);
}

async function finishFile(connection: DuckDBConnection, fileId: number, report: FileReport): Promise<void> {
  await connection.run(
    `update source_files set rows_read = $read, rows_loaded = $loaded, rows_updated = $updated,
       rows_quarantined = $quarantined, status = $status, message = $message where file_id = $id`,
    {
      read: report.rows_read,
      loaded: report.rows_loaded,
      updated: report.rows_updated,
      quarantined: report.rows_quarantined,
      status: report.status,
      message: report.message,
      id: fileId,
    },
  );
}

/** Run an ingest of `inputs` into `warehouse`. Throws UserError for unusable input. */
export async function runIngest(warehouse: Warehouse, inputs: string[], options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  const runId = options.runId ?? newRunId();
  const timings = { read: 0, validate: 0, load: 0, models: 0, total: 0 };
  const progress = options.onProgress ?? (() => undefined);
  // A folder that holds the warehouse itself (data/ given whole) does not offer it as an export.
  const files = expandPaths(inputs, warehouseFiles(warehouse.path));
  const tmpDir = fs.mkdtempSync(path.join(options.tmpDir ?? os.tmpdir(), 'zhixiao-ingest-'));

  const connection = await warehouse.connect();
  let worker: TypingWorker | undefined;
  let workbookPool: WorkbookPool | undefined;
  try {
    worker = await TypingWorker.open(() => warehouse.connect());
    const typing = worker;
    let t = performance.now();
    // Workbooks are read by threads of their own from the moment the scan finds them (their
    // parse is most of the reading); the run takes each when its turn comes, in path order.
    // A small one is read when its turn comes, on this thread: starting a thread costs more.
    const workbooks = new Map<string, Promise<LandedWorkbook>>();
    const landWorkbook = (scan: FileScan): Promise<LandedWorkbook> => {
      let landed = workbooks.get(scan.sha256);
      if (!landed) {
        const outPrefix = path.join(tmpDir, `sheet-${scan.sha256}`);
        if (scan.bytes <= SMALL_WORKBOOK_BYTES) return landWorkbookHere(connection, scan.path, outPrefix);
        workbookPool ??= new WorkbookPool(WORKBOOK_THREADS);
        landed = workbookPool.land(scan.path, outPrefix);
        // A workbook found a duplicate later is never awaited: its failure must not go unhandled.
        landed.catch(() => undefined);
        workbooks.set(scan.sha256, landed);
      }
      return landed;
    };
    await connection.run('BEGIN TRANSACTION');
    try {
      await installIngestMacros(connection);
      // The files loaded before, by content, with the table they held (one table, or null).
      const loadedBefore = new Map(
        (
          await connection.runAndReadAll(
            "select sha256, case when count(distinct table_name) = 1 then any_value(table_name) end from source_files where status = 'loaded' group by sha256",
          )
        )
          .getRows()
          .map((r) => [String(r[0]), r[1] === null ? null : (String(r[1]) as TableName)]),
      );
      // … and the sheets of the workbooks among them, so that a copy says what each sheet held.
      const sheetsBefore = new Map<string, SheetHeld[]>();
      for (const [sha, sheet, table] of (
        await connection.runAndReadAll(
          "select sha256, sheet, any_value(table_name) from source_files where status = 'loaded' and sheet is not null group by sha256, sheet order by min(file_id)",
        )
      ).getRows()) {
        const list = sheetsBefore.get(String(sha)) ?? [];
        list.push({ sheet: String(sheet), table: table === null ? null : (String(table) as TableName) });
        sheetsBefore.set(String(sha), list);
      }
      // A few files at a time: reading waits on the disk, hashing on the CPU. Kept in path order.
      const scans: FileScan[] = new Array(files.length);
      let nextScan = 0;
      let scanned = 0;
      await Promise.all(
        Array.from({ length: Math.min(SCAN_CONCURRENCY, files.length) }, async () => {
          while (nextScan < files.length) {
            const i = nextScan++;
            scans[i] = await scanFile(files[i]);
            const early = scans[i].kind === 'xlsx' && scans[i].bytes > SMALL_WORKBOOK_BYTES && !loadedBefore.has(scans[i].sha256);
            if (early) landWorkbook(scans[i]);
            progress({ phase: 'scan', done: ++scanned, total: files.length, detail: files[i] });
          }
        }),
      );
      timings.read += performance.now() - t;

      const tableOf = (reports: FileReport[]): TableName | null => {
        const tables = new Set(reports.map((r) => r.table));
        return tables.size === 1 ? ([...tables][0] as TableName | null) : null;
      };
      const reports: FileReport[] = [];
      const byTable = new Map<TableName, Source[]>();
      const seenThisRun = new Map<string, { path: string; table: TableName | null; sheets: SheetHeld[] }>();
      t = performance.now();
      for (const scan of scans) {
        const first = seenThisRun.get(scan.sha256);
        if (first || loadedBefore.has(scan.sha256)) {
          const report = emptyReport(
            scan,
            'duplicate',
            first ? `与本次导入的 ${first.path} 内容完全相同，已跳过。` : '与此前已导入的文件内容完全相同，已跳过（无需重复导入）。',
          );
          // The table its first copy held, as that copy's entry says; a workbook's copy has an
          // entry per sheet its first copy loaded, as that copy had (cli.md: one entry per sheet).
          report.table = first ? first.table : (loadedBefore.get(scan.sha256) ?? null);
          const sheets = first ? first.sheets : (sheetsBefore.get(scan.sha256) ?? []);
          for (const entry of sheets.length > 0 ? sheets.map((held) => ({ ...report, ...held })) : [report]) {
            reports.push(entry);
            await registerFile(connection, runId, entry, scan);
          }
          continue;
        }
        const { sources, refused } = await recognise(scan, () => landWorkbook(scan));
        seenThisRun.set(scan.sha256, {
          path: scan.path,
          table: tableOf([...sources.map((s) => s.report), ...refused]),
          sheets: sources.filter((s) => s.report.sheet !== null).map((s) => ({ sheet: s.report.sheet!, table: s.report.table })),
        });
        for (const report of refused) {
          reports.push(report);
          await registerFile(connection, runId, report, scan);
        }
        for (const source of sources) {
          reports.push(source.report);
          const list = byTable.get(source.match.table.name) ?? [];
          list.push(source);
          byTable.set(source.match.table.name, list);
        }
      }
      timings.read += performance.now() - t;

      let retriedLoaded = 0;
      let retriedUpdated = 0;
      const totalSources = [...byTable.values()].reduce((n, l) => n + l.length, 0);
      let doneSources = 0;
      // The sources in the order they are merged; the worker types them ahead, in that order.
      const plan = TABLES.flatMap((table) => batchesInOrder(byTable.get(table.name) ?? []).flat());
      const typed = new Map<Source, Promise<string>>();
      let queued = 0;
      const typeAhead = (current: Source) => {
        const consumed = plan.indexOf(current);
        let bytesAhead = 0;
        for (let i = consumed; i < queued; i++) bytesAhead += plan[i].scan.bytes;
        while (queued < plan.length && (queued <= consumed || bytesAhead < TYPE_AHEAD_BYTES)) {
          const source = plan[queued];
          bytesAhead += source.scan.bytes;
          const index = queued++;
          typed.set(source, typing.enqueue((c) => typeOneSource(c, source, tmpDir, options.hashKey, index)));
        }
      };
      // Files of this run by id, for the reports a retry in the same run changes.
      const reportOf = new Map<number, FileReport>();
      /**
       * The table's waiting orphans tried again. Before the run's files, so that they have the
       * last word — except for a table whose rows name parents of the same table (org units):
       * after them, since a parent may come in any of its files (an orphan whose key a later file
       * of the run holds has stopped waiting by then: that row is the newer). An orphan of this
       * run that loads then never was one: its quarantine entry goes and its file's figures say
       * loaded.
       */
      const retryOrphans = async (table: TableSpec, afterFiles: boolean) => {
        const waiting = await waitingOrphans(connection, table);
        if (waiting === 0) return;
        const all = new Set(table.columns.map((c) => c.name));
        const batch = await openBatch(connection, tmpDir);
        let bag = new ParamBag();
        await typeIntoBatch(connection, table, batch, quarantinedRowsSql(table, bag), bag, 'retried.parquet');
        await openTypedRows(connection, batch);
        const merged = await checkAndMerge(connection, table, all, runId, timings, options.scope, { range: null, retried: true });
        let sameRunLoaded = 0;
        let sameRunUpdated = 0;
        if (afterFiles) {
          bag = new ParamBag();
          const sql = sameRunResolvedSql(bag, runId);
          for (const [fileId, resolved, loaded, updated] of (await connection.runAndReadAll(sql, bag.usedBy(sql))).getRows()) {
            const report = reportOf.get(Number(fileId));
            if (!report) continue;
            report.rows_quarantined -= Number(resolved);
            report.rows_loaded += Number(loaded);
            report.rows_updated += Number(updated);
            sameRunLoaded += Number(loaded);
            sameRunUpdated += Number(updated);
            await finishFile(connection, Number(fileId), report);
          }
          bag = new ParamBag();
          await run(connection, deleteSameRunResolvedSql(bag, runId), bag);
        }
        closeBatch(batch);
        // An orphan of an earlier run may hold a key loaded meanwhile: it then updates that row.
        retriedLoaded += merged.loaded - sameRunLoaded;
        retriedUpdated += merged.updated - sameRunUpdated;
      };
      /**
       * The keys of the table's waiting orphans (temp table waiting_keys), so that a valid row of
       * a later file ends an older orphan's wait. Returns how many wait.
       */
      const collectWaitingKeys = async (table: TableSpec): Promise<number> => {
        await connection.run('drop table if exists waiting_keys');
        const waiting = await waitingOrphans(connection, table);
        if (waiting === 0) return 0;
        const batch = await openBatch(connection, tmpDir);
        const bag = new ParamBag();
        await typeIntoBatch(connection, table, batch, quarantinedRowsSql(table, bag), bag, 'waiting.parquet');
        await openTypedRows(connection, batch);
        await connection.run(emptyWaitingKeysSql(table));
        await connection.run(allWaitingKeysSql(table));
        closeBatch(batch);
        return waiting;
      };
      for (const table of TABLES) {
        const selfReferencing = table.references.some((r) => r.table === table.name);
        let waiting = await collectWaitingKeys(table);
        if (!selfReferencing) await retryOrphans(table, false);
        for (const sources of batchesInOrder(byTable.get(table.name) ?? [])) {
          const batch = await openBatch(connection, tmpDir);
          const files: { source: Source; fileId: number; read: number }[] = [];
          for (const source of sources) {
            progress({ phase: 'load', done: doneSources++, total: totalSources, detail: source.scan.path });
            const fileId = await registerFile(connection, runId, source.report, source.scan);
            t = performance.now();
            typeAhead(source);
            let typedFile: string;
            try {
              const waitStarted = performance.now();
              typedFile = await typed.get(source)!;
              if (process.env.ZHIXIAO_PROFILE) process.stderr.write(`${Math.round(performance.now() - waitStarted)} ms: waiting for typing\n`);
            } catch (error) {
              const refusal = unreadableTextMessage(error);
              if (refusal === null) throw error;
              // A file DuckDB's reader cannot take apart is refused alone; the run goes on.
              Object.assign(source.report, { status: 'refused', message: emptyReport(source.scan, 'refused', refusal).message });
              await finishFile(connection, fileId, source.report);
              continue;
            } finally {
              typed.delete(source);
            }
            await addToBatch(connection, batch, typedFile, fileId, typedSourceOf(source));
            timings.validate += performance.now() - t;
            files.push({ source, fileId, read: 0 });
          }
          if (files.length === 0) {
            closeBatch(batch);
            continue;
          }
          t = performance.now();
          await openTypedRows(connection, batch);
          // Rows per file, the range of the first key over all rows (a superset of the valid
          // rows' range, which is all the joins with the warehouse table need), the bounds of
          // each referring column and the typing's problems (BatchFacts), in one pass.
          const first = ident(`v_${table.key[0]}`);
          const referring = [...new Set(table.references.map((r) => r.column))];
          const bounds = referring.map((c) => {
            const column = ident(`v_${c}`);
            return `min(${column}) filter (where problem is null), max(${column}) filter (where problem is null)`;
          });
          const counts = (
            await connection.runAndReadAll(
              `select file_id, count(*), min(${first}), max(${first}), count_if(problem is not null)${bounds.map((b) => `, ${b}`).join('')}
               from typed_rows group by grouping sets ((file_id), ())`,
            )
          ).getRows();
          const read = new Map(counts.filter((r) => r[0] !== null).map((r) => [Number(r[0]), Number(r[1])]));
          for (const f of files) f.read = read.get(f.fileId) ?? 0;
          const overall = counts.find((r) => r[0] === null)!;
          const range = { low: plainKey(overall[2]), high: plainKey(overall[3]) };
          const referenceBounds = new Map(
            referring.map((c, i) => {
              const [low, high] = [overall[5 + 2 * i], overall[6 + 2 * i]];
              return [c, low === null || high === null ? null : { low: plainKey(low), high: plainKey(high) }];
            }),
          );
          timings.validate += performance.now() - t;
          const present = new Set(sources[0].match.columns.keys());
          const { problems } = await checkAndMerge(connection, table, present, runId, timings, options.scope, {
            range,
            retried: false,
            referenceBounds,
            typingProblems: Number(overall[4]),
          });
          await reportBatch(connection, table, runId, files, problems);
          if (await scalar(connection, 'select count(*) from key_chains where is_last and (origin_file_id <> file_id or origin_line <> line)')) {
            const bag = new ParamBag();
            await run(connection, chainLineageSql(table, bag, runId), bag);
          }
          for (const f of files) reportOf.set(f.fileId, f.source.report);
          // The batch's orphans wait too; its valid rows end the wait of older orphans of their key.
          if (problems > 0 && table.references.length > 0) {
            await connection.run(emptyWaitingKeysSql(table));
            const bag = new ParamBag();
            const sql = newWaitingKeysSql(table, bag, runId);
            waiting += Number((await connection.run(sql, bag.usedBy(sql))).rowsChanged);
          }
          if (waiting > 0) {
            const bag = new ParamBag();
            for (const statement of resolveOutdatedOrphansSql(table, bag, runId)) await run(connection, statement, bag);
          }
          closeBatch(batch);
        }
        if (selfReferencing) await retryOrphans(table, true);
      }

      const quarantined: QuarantinedRow[] = (
        await connection.runAndReadAll(
          `select path, sheet, line, column_name, value, reason from quarantine
           where run_id = $run order by path, sheet nulls first, line, quarantine_id
           limit $limit`,
          { run: runId, limit: REPORT_QUARANTINE_LIMIT },
        )
      )
        .getRows()
        .map((r) => ({
          path: String(r[0]),
          sheet: r[1] === null ? null : String(r[1]),
          line: r[2] === null ? null : Number(r[2]),
          column: r[3] === null ? null : String(r[3]),
          value: r[4] === null ? null : String(r[4]),
          reason: String(r[5]),
        }));

      await dropWorkTables(connection);
      if (options.buildModels) {
        progress({ phase: 'models', done: 0, total: 1 });
        t = performance.now();
        const dataChanged = retriedLoaded + retriedUpdated + reports.reduce((n, r) => n + r.rows_loaded + r.rows_updated, 0) > 0;
        await options.buildModels(connection, { dataChanged });
        timings.models += performance.now() - t;
      }
      timings.total = performance.now() - started;
      const report: IngestReport = {
        run_id: runId,
        files: reports,
        quarantined,
        retried_loaded: retriedLoaded,
        retried_updated: retriedUpdated,
        timings_ms: roundTimings(timings),
      };
      await connection.run(
        `insert into ingest_runs (run_id, started_at, finished_at, status, n_files, rows_loaded, rows_updated, rows_quarantined, report)
         values ($run, to_timestamp($started / 1000.0), current_timestamp, 'committed', $files, $loaded, $updated, $quarantined, $report)`,
        {
          run: runId,
          started: Date.now() - Math.round(timings.total),
          files: reports.length,
          // The run's rows: its files' and the orphans of earlier runs it let in.
          loaded: retriedLoaded + reports.reduce((n, r) => n + r.rows_loaded, 0),
          updated: retriedUpdated + reports.reduce((n, r) => n + r.rows_updated, 0),
          quarantined: reports.reduce((n, r) => n + r.rows_quarantined, 0),
          report: JSON.stringify(report),
        },
      );
      progress({ phase: 'commit', done: 0, total: 1 });
      await connection.run('COMMIT');
      report.timings_ms.total = Math.round(performance.now() - started);
      return report;
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
  } finally {
    await workbookPool?.close();
    await worker?.close();
    connection.closeSync();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

function roundTimings(t: IngestReport['timings_ms']): IngestReport['timings_ms'] {
  return {
    read: Math.round(t.read),
    validate: Math.round(t.validate),
    load: Math.round(t.load),
    models: Math.round(t.models),
    total: Math.round(t.total),
  };
}

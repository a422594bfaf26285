/**
 * The yardstick of the province benchmark: how long reading a set of exports takes with
 * nothing of zhixiao — no detection, typing, checks, merge or models. A run can be no faster.
 *
 * - A UTF-8 text export: bare DuckDB `CREATE TABLE AS SELECT * FROM read_csv(file)` (its own
 *   sniffing, all cores), one fresh file database for the whole set.
 * - A GB18030 one: decoded by `TextDecoder('gb18030')` to a UTF-8 copy (DuckDB reads no
 *   GB18030 offline), then the same `read_csv`; both parts timed.
 * - A workbook: read-excel-file's parse of every sheet, on this thread.
 * The parts are timed one after the other; `overlappedMs` is what they take at best when the
 * workbooks are parsed on a second core beside the text files (the larger of the two).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import readXlsxFile from 'read-excel-file/node';

export interface ReadingFloor {
  files: number;
  /** Files bare read_csv or read-excel-file refused (an unrelated file): not timed. */
  refused: number;
  rows: number;
  textMs: number;
  decodeMs: number;
  workbookMs: number;
  /** textMs + decodeMs + workbookMs: one part after the other. */
  sequentialMs: number;
  /** max(textMs + decodeMs, workbookMs): the workbooks on a core of their own. */
  overlappedMs: number;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export async function timeBareReading(files: string[], work: string): Promise<ReadingFloor> {
  fs.mkdirSync(work, { recursive: true });
  const dbPath = path.join(work, `floor-${process.pid}.duckdb`);
  const decoded = path.join(work, `floor-${process.pid}.csv`);
  const instance = await DuckDBInstance.create(dbPath);
  const connection = await instance.connect();
  let textMs = 0;
  let decodeMs = 0;
  let workbookMs = 0;
  let rows = 0;
  let refused = 0;
  try {
    for (const [index, file] of files.entries()) {
      if (file.toLowerCase().endsWith('.xlsx')) {
        const started = performance.now();
        // A folder may hold a file that is no export (the demo plants one): not part of the yardstick.
        const sheets = await readXlsxFile(file).catch(() => null);
        if (sheets === null) refused++;
        else {
          workbookMs += performance.now() - started;
          rows += sheets.reduce((n, s) => n + s.data.length, 0);
        }
        continue;
      }
      let source = file;
      const bytes = fs.readFileSync(file);
      if (!isUtf8(bytes)) {
        const started = performance.now();
        fs.writeFileSync(decoded, new TextDecoder('gb18030').decode(bytes));
        decodeMs += performance.now() - started;
        source = decoded;
      }
      const started = performance.now();
      const read = await connection.run(`create table t${index} as select * from read_csv($source)`, { source }).catch(() => null);
      if (read === null) {
        refused++;
        continue;
      }
      textMs += performance.now() - started;
      rows += Number((await connection.runAndReadAll(`select count(*) from t${index}`)).getRows()[0]![0]);
      await connection.run(`drop table t${index}`);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    for (const f of [dbPath, `${dbPath}.wal`, decoded]) fs.rmSync(f, { force: true });
  }
  return {
    files: files.length,
    refused,
    rows,
    textMs,
    decodeMs,
    workbookMs,
    sequentialMs: textMs + decodeMs + workbookMs,
    overlappedMs: Math.max(textMs + decodeMs, workbookMs),
  };
}

/** Every file under `dir`, recursively, in path order. */
export function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** The files of `next` whose bytes differ from the same path under `previous` (or are new there). */
export function changedFiles(previous: string, next: string): string[] {
  return filesUnder(next).filter((file) => {
    const before = path.join(previous, path.relative(next, file));
    return !fs.existsSync(before) || !fs.readFileSync(before).equals(fs.readFileSync(file));
  });
}

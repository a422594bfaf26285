/**
 * The yardstick of the province benchmark: how long reading a set of exports takes with
 * nothing of zhixiao — no detection, typing, checks, merge or models. A run can be no faster.
 *
 * - A UTF-8 text export: bare DuckDB `CREATE TABLE AS SELECT * FROM read_csv(file)` (its own
 *   sniffing, all cores) — the ingest benchmarks' yardstick, bare-read-csv.ts.
 * - A GB18030 one: decoded by `TextDecoder('gb18030')` to a UTF-8 copy (DuckDB reads no
 *   GB18030 offline), then the same `read_csv`; both parts timed.
 * - A workbook: read-excel-file's parse of every sheet, on this thread.
 * The parts are timed one after the other; `overlappedMs` is what they take at best when the
 * workbooks are parsed on a second core beside the text files (the larger of the two).
 */
import fs from 'node:fs';
import path from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { bareReadCsv } from './bare-read-csv.ts';

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
  const decoded = path.join(work, `floor-${process.pid}.csv`);
  let textMs = 0;
  let decodeMs = 0;
  let workbookMs = 0;
  let rows = 0;
  let refused = 0;
  try {
    for (const file of files) {
      // A folder may hold a file that is no export (the demo plants one): not part of the yardstick.
      if (file.toLowerCase().endsWith('.xlsx')) {
        const started = performance.now();
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
      const read = await bareReadCsv(source, work).catch(() => null);
      if (read === null) {
        refused++;
        continue;
      }
      textMs += read.ms;
      rows += read.rows;
    }
  } finally {
    fs.rmSync(decoded, { force: true });
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

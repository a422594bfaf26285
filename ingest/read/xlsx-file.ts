/**
 * XLSX exports: every sheet whose header matches a table is a source of its own.
 * Cells become text the same SQL normalisation reads: an Excel date cell (handed over
 * as a Date at UTC) becomes its wall-clock text, which is local time in Asia/Shanghai;
 * a number cell the text Excel shows for it (numberText).
 */
import readXlsxFile from 'read-excel-file/node';
import type { DuckDBConnection } from '@duckdb/node-api';
import { HEADER_SEARCH_ROWS, type HeaderMatch } from '../detect/match-header.ts';
import type { LandedRelation } from './text-file.ts';
import { EPOCH_1904_OFFSET_DAYS, prepareWorkbook, type PreparedWorkbook } from './xlsx-repair.ts';

export interface XlsxSheet {
  name: string;
  rows: unknown[][];
  /** The workbook counts dates from 1904: a plain serial in a date column is 1,462 days short. */
  epoch1904: boolean;
}

/** A number cell as the workbook holds it: the text of its value, not yet a JavaScript number. */
export class NumberCell {
  constructor(readonly stored: string) {}
}

/**
 * Every sheet of the workbook at `path`, its cells as the reader gives them (numbers as
 * NumberCell), after the repairs of xlsx-repair.ts. A workbook the reader fails on is tried
 * once more with its cells' references filled in (some exporters leave them out).
 */
export async function readWorkbook(path: string): Promise<XlsxSheet[]> {
  const read = async (prepared: PreparedWorkbook) =>
    (await readXlsxFile(prepared.input, { parseNumber: (stored) => new NumberCell(stored) })).map((s) => ({
      name: s.sheet,
      rows: s.data as unknown[][],
      epoch1904: prepared.epoch1904,
    }));
  try {
    return await read(prepareWorkbook(path));
  } catch (error) {
    const withReferences = prepareWorkbook(path, { references: true });
    if (withReferences.input === path) throw error; // nothing to repair: the reader's own complaint
    return await read(withReferences);
  }
}

/**
 * The text of a number cell. Whole numbers keep the digits the file holds: a code or an ID
 * number written as a number (20240001, or 18 digits from a platform's exporter) must not
 * pass through a double, which keeps 15–17 of them. Other numbers are shown as Excel shows
 * them, to 15 significant digits: 0.1 + 0.2 is stored as 0.30000000000000004 and shown as
 * 0.3; a serial 45356.666666666664 (16:00) becomes 45356.6666666667.
 */
export function numberText(stored: string): string {
  const text = stored.trim();
  if (/^-?[0-9]+$/.test(text)) return text;
  const value = Number(text);
  return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : text;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A cell as the text the ingest parses. */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    // The serial of a time of day is the nearest double (16:00 is 45356.666666666664), which
    // the reader floors to 15:59:59.999: round to the second the cell shows.
    const shown = new Date(Math.round(value.getTime() / 1000) * 1000);
    const date = `${shown.getUTCFullYear()}-${pad(shown.getUTCMonth() + 1)}-${pad(shown.getUTCDate())}`;
    const h = shown.getUTCHours();
    const m = shown.getUTCMinutes();
    const s = shown.getUTCSeconds();
    return h || m || s ? `${date} ${pad(h)}:${pad(m)}:${pad(s)}` : date;
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof NumberCell) return numberText(value.stored);
  return String(value);
}

/** The rows of a sheet the header search reads, as text. */
export function sheetHead(sheet: XlsxSheet): (string | null)[][] {
  return sheet.rows.slice(0, HEADER_SEARCH_ROWS).map((row) => row.map(cellText));
}

/**
 * Write the rows below the header (line, c0…c{width-1}) to the Parquet file `out` and say
 * how to read them: cells and their line (zx_line). Done as soon as a workbook is read, so
 * that its parsed rows can go: a run holds one workbook in memory at a time, not every
 * workbook until its table's turn (33 province workbooks held 1–2 GB outside DuckDB).
 */
export async function landSheet(connection: DuckDBConnection, sheet: XlsxSheet, match: HeaderMatch, out: string): Promise<LandedRelation> {
  const width = match.headerCells.length;
  const columns = Array.from({ length: width }, (_, i) => `c${i} varchar`).join(', ');
  const dateCells = sheet.epoch1904 ? dateColumnCells(match) : new Set<number>();
  await connection.run(`create or replace temp table land_sheet (line integer, ${columns})`);
  const appender = await connection.createAppender('land_sheet', 'main', 'temp');
  try {
    for (let index = match.rowIndex + 1; index < sheet.rows.length; index++) {
      const row = sheet.rows[index];
      appender.appendInteger(index + 1);
      for (let c = 0; c < width; c++) {
        const text = dateCells.has(c) ? dateCellText1904(row[c]) : cellText(row[c]);
        if (text === null) appender.appendNull();
        else appender.appendVarchar(text);
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  await connection.run('copy land_sheet to $out (format parquet)', { out });
  await connection.run('drop table land_sheet');
  return landedSheetRows(out);
}

/** The cell indexes of the header's date and datetime columns. */
function dateColumnCells(match: HeaderMatch): Set<number> {
  const dated = match.table.columns.filter((c) => c.kind === 'date' || c.kind === 'datetime');
  return new Set(dated.map((c) => match.columns.get(c.name)).filter((i) => i !== undefined));
}

/** A date column's cell of a 1904 workbook: a plain serial as the 1900 serial the SQL reads. */
function dateCellText1904(cell: unknown): string | null {
  return cell instanceof NumberCell ? numberText(String(Number(cell.stored) + EPOCH_1904_OFFSET_DAYS)) : cellText(cell);
}

/** How to read a sheet landed by landSheet: its cells and their line (zx_line). */
export function landedSheetRows(file: string): LandedRelation {
  return (p) => `(select line as zx_line, * exclude (line) from read_parquet(${p(file)}))`;
}

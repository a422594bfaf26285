/**
 * Writes records through a layout: header and title rows, cell formatting per the
 * contract's column kinds and the file's style, and the line (row) number of every
 * record, so planted bad rows can be reported where a spreadsheet would show them.
 */
import path from 'node:path';
import { tableSpec, type ColumnSpec, type TableName } from '../../ingest/contract/tables.ts';
import { cellFormatter, isRaw, padded, type CellFormatter, type CellOutput, type RowQuirks } from '../cells.ts';
import type { DelimitedFileLayout, SheetLayout, WorkbookLayout } from '../layouts.ts';
import type { Random } from '../random.ts';
import type { DemoRecord } from '../records.ts';
import { DelimitedWriter, type Delimiter, type TextEncoding } from './delimited.ts';
import { writeWorkbook, type XlsxCell, type XlsxSheet } from './xlsx.ts';

/** One written file, as the summary reports it. */
export interface DemoFile {
  /** Relative to the output folder, with `/`. */
  path: string;
  table: TableName;
  format: 'csv' | 'tsv' | 'txt' | 'xlsx';
  encoding: TextEncoding | 'xlsx';
  delimiter: Delimiter | null;
  /** Lines above the header (delimited files). */
  title_rows: number;
  /** Data rows, bad rows included. */
  rows: number;
  /** For XLSX: every sheet in order, with the table it matches (null for 说明 sheets). */
  sheets: { name: string; table: TableName | null; rows: number }[] | null;
  quirks: string[];
}

/** The text of a record's key, which names the random stream its quirks are drawn from. */
function keyText(record: DemoRecord, key: readonly string[]): string {
  let text = '';
  for (const column of key) {
    const v = record[column];
    text += `${isRaw(v) ? v.raw : Array.isArray(v) ? v.join(',') : String(v)}|`;
  }
  return text;
}

/**
 * Formats the records of one sheet. A row's quirks (full width, padding, synonyms,
 * separators) are drawn from a stream named by the file and the record's key, so the
 * same record is spelled the same in every export of the file, wherever it lands in it:
 * a later export that adds rows leaves the others as they were.
 */
class RowFormatter {
  private readonly formatters: (CellFormatter | null)[];
  private readonly key: readonly string[];
  private count = 0;

  constructor(
    private readonly layout: SheetLayout,
    private readonly rng: Random,
    xlsx: boolean,
  ) {
    const spec = tableSpec(layout.table);
    this.key = spec.key;
    this.formatters = layout.columns.map((c) => {
      if (c.column === null) return null;
      const column: ColumnSpec | undefined = spec.columns.find((s) => s.name === c.column);
      if (!column) throw new Error(`${layout.table} has no column ${c.column}`);
      return cellFormatter(column, layout.style, xlsx);
    });
  }

  format(record: DemoRecord): CellOutput[] {
    const { style, columns } = this.layout;
    const rng = this.rng;
    rng.restart(keyText(record, this.key));
    const quirks: RowQuirks = {
      fullWidth: style.fullWidthShare > 0 && rng.next() < style.fullWidthShare,
      padColumn: style.padShare > 0 && rng.next() < style.padShare ? Math.floor(rng.next() * columns.length) : -1,
    };
    const index = this.count++;
    const cells: CellOutput[] = new Array(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      const f = this.formatters[i];
      let cell: CellOutput = f ? f(record[c.column!], quirks, rng) : c.extra!(record, index);
      if (i === quirks.padColumn && typeof cell === 'string' && cell !== '') cell = padded(cell, rng);
      cells[i] = cell;
    }
    return cells;
  }
}

function formatOf(filePath: string, delimiter: Delimiter): DemoFile['format'] {
  const ext = path.extname(filePath).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return ext.slice(1) as DemoFile['format'];
  return delimiter === '\t' ? 'tsv' : 'csv';
}

export class DelimitedTableFile {
  private readonly writer: DelimitedWriter;
  private readonly rows: RowFormatter;
  private count = 0;

  constructor(
    outDir: string,
    readonly layout: DelimitedFileLayout,
    rng: Random,
  ) {
    this.writer = new DelimitedWriter(path.join(outDir, layout.path), layout.encoding, layout.delimiter, layout.newline);
    this.rows = new RowFormatter(layout, rng.fork(layout.stream ?? layout.path), false);
    for (const title of layout.titleRows) this.writer.writeLine(title);
    this.writer.writeCells(layout.columns.map((c) => c.header));
  }

  /** Writes a record; returns its line number in the file. */
  write(record: DemoRecord): number {
    this.count++;
    const cells = this.rows.format(record);
    const text = cells.map((c) => {
      if (c instanceof Date) throw new Error(`${this.layout.path}: date cells need an XLSX file`);
      return c === null ? null : String(c);
    });
    return this.writer.writeCells(text);
  }

  close(): DemoFile {
    this.writer.close();
    return {
      path: this.layout.path,
      table: this.layout.table,
      format: formatOf(this.layout.path, this.layout.delimiter),
      encoding: this.layout.encoding,
      delimiter: this.layout.delimiter,
      title_rows: this.layout.titleRows.length,
      rows: this.count,
      sheets: null,
      quirks: this.layout.quirks,
    };
  }
}

/** A sheet of a workbook being written. */
export interface WorkbookSheet {
  name: string;
  layout: SheetLayout;
  formatter: RowFormatter;
  rows: XlsxCell[][];
}

/**
 * An XLSX export. Its rows are held until `close`, so it is used only for tables that
 * are small at any scale, or for one university's activities at a time.
 */
export class WorkbookTableFile {
  private readonly sheets: WorkbookSheet[] = [];

  constructor(
    private readonly outDir: string,
    readonly layout: WorkbookLayout,
    private readonly rng: Random,
  ) {}

  /** Adds a sheet (once; later calls with the same name return it). */
  sheet(name: string, layout: SheetLayout): WorkbookSheet {
    let s = this.sheets.find((x) => x.name === name);
    if (!s) {
      s = { name, layout, formatter: new RowFormatter(layout, this.rng.fork(`${this.layout.stream ?? this.layout.path}#${name}`), true), rows: [] };
      this.sheets.push(s);
    }
    return s;
  }

  /** Writes a record to a sheet; returns its row number in the sheet. */
  write(sheet: WorkbookSheet, record: DemoRecord): number {
    sheet.rows.push(sheet.formatter.format(record));
    return sheet.layout.titleRows.length + 1 + sheet.rows.length;
  }

  async close(documentDate: Date): Promise<DemoFile> {
    const out: XlsxSheet[] = [];
    if (this.layout.notes) out.push({ name: '说明', titleRows: this.layout.notes, header: [], rows: [], dateFormats: [] });
    const tables = new Set<TableName>();
    for (const s of this.sheets) {
      tables.add(s.layout.table);
      const spec = tableSpec(s.layout.table);
      const dateFormats = s.layout.columns.map((c) => {
        const kind = spec.columns.find((x) => x.name === c.column)?.kind;
        return kind === 'date' ? 'yyyy-mm-dd' : kind === 'datetime' ? 'yyyy-mm-dd hh:mm' : null;
      });
      out.push({ name: s.name, titleRows: s.layout.titleRows, header: s.layout.columns.map((c) => c.header), rows: s.rows, dateFormats });
    }
    if (tables.size !== 1) throw new Error(`${this.layout.path}: a workbook holds one table, found ${[...tables].join(', ') || 'none'}`);
    await writeWorkbook(path.join(this.outDir, this.layout.path), out, documentDate);
    return {
      path: this.layout.path,
      table: [...tables][0]!,
      format: 'xlsx',
      encoding: 'xlsx',
      delimiter: null,
      title_rows: 0,
      rows: this.sheets.reduce((n, s) => n + s.rows.length, 0),
      sheets: [
        ...(this.layout.notes ? [{ name: '说明', table: null, rows: 0 }] : []),
        ...this.sheets.map((s) => ({ name: s.name, table: s.layout.table, rows: s.rows.length })),
      ],
      quirks: this.layout.quirks,
    };
  }
}

/**
 * Output of the `zhixiao report …` commands, shared by every report (indicators, rankings,
 * anomalies): one column list drives four formats.
 * - json: the document as given (NULL → null, fractions unrounded, dates YYYY-MM-DD);
 * - csv: UTF-8 with BOM (Excel and WPS open it right), headed by the column names (as JSON's keys),
 *   values unrounded, NULL empty;
 * - xlsx: Chinese headers, frozen header row, percent / decimal number formats, real date cells;
 * - table: Chinese headers, rounded, NULL as "—", aligned for CJK terminals.
 * Values arrive as DuckDB's JSON-like row objects (`getRowObjectsJson()`): numbers, strings,
 * booleans, null, and lists / objects for JSON columns.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Json } from '@duckdb/node-api';
import { UserError } from '../warehouse/errors.ts';
import { csvField } from '../dashboard/src/lib/table/csv.ts';

export const OUTPUT_FORMATS = ['table', 'json', 'csv', 'xlsx'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * How a column is shown: `fraction` 0–1 shown as a percentage; `score` 0–100 with one decimal;
 * `index` two decimals; `number` two decimals; `integer`; `change` a signed integer (+2, −1);
 * `date` YYYY-MM-DD; `boolean` 是/否; `json` compact JSON text; `severity` high/medium/low (高/中/低
 * in the table); `text` as is.
 */
export type ColumnKind = 'text' | 'fraction' | 'score' | 'index' | 'number' | 'integer' | 'change' | 'date' | 'boolean' | 'json' | 'severity';

/** An anomaly's severity as the table shows it (json, csv and xlsx keep the code of cli.md). */
const SEVERITY_TEXT: Record<string, string> = { high: '高', medium: '中', low: '低' };

export interface Column {
  /** The row object's key, and the JSON / English name. */
  key: string;
  /** The Chinese header of xlsx and table. */
  header: string;
  kind: ColumnKind;
}

export type ReportRow = Record<string, Json>;

export const NULL_TEXT = '—';

/**
 * `--format`; without it, the format `--out` names by its extension (x.xlsx, x.csv, x.json),
 * else table. Anything else is a usage error that lists what is accepted.
 */
export function parseOutputFormat(value: string | undefined, out?: string): OutputFormat {
  if (value === undefined) {
    const extension = out ? path.extname(out).slice(1).toLowerCase() : '';
    return extension === 'xlsx' || extension === 'csv' || extension === 'json' ? extension : 'table';
  }
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UserError(`未知的输出格式 --format ${value}。可选：${OUTPUT_FORMATS.join('、')} (unknown format).`, 2);
}

/** Half-up rounding of a non-negative or negative number to `decimals`, for display only. */
export function roundHalfUp(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const shifted = Number((Math.abs(value) * factor).toPrecision(15));
  return (Math.sign(value) * Math.floor(shifted + 0.5)) / factor;
}

/** A value as a person reads it (table): rounded, NULL as "—". */
export function displayValue(value: Json | undefined, kind: ColumnKind): string {
  if (value === null || value === undefined) return NULL_TEXT;
  switch (kind) {
    case 'fraction':
      return `${roundHalfUp(Number(value) * 100, 1).toFixed(1)}%`;
    case 'score':
      return roundHalfUp(Number(value), 1).toFixed(1);
    case 'index':
    case 'number':
      return roundHalfUp(Number(value), 2).toFixed(2);
    case 'integer':
      return String(value);
    case 'change': {
      const n = Number(value);
      return n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : '0';
    }
    case 'boolean':
      return value === true ? '是' : value === false ? '否' : String(value);
    case 'json':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'severity':
      return SEVERITY_TEXT[String(value)] ?? String(value);
    case 'date':
    case 'text':
      return String(value);
  }
}

/** The JSON document, one line per call, as `--format json` prints it. */
export function toJsonText(document: unknown): string {
  return JSON.stringify(document, null, 2) + '\n';
}

/** A value as csv holds it: unrounded, NULL empty, JSON columns as JSON text, booleans 是/否. */
function csvValue(value: Json | undefined, kind: ColumnKind): string {
  if (value === null || value === undefined) return '';
  if (kind === 'boolean') return value === true ? '是' : '否';
  if (kind === 'json' || typeof value === 'object') return typeof value === 'string' ? value : JSON.stringify(value);
  return String(value);
}

/** CSV text: UTF-8 BOM, a header row of column names, CRLF line ends. */
export function toCsv(rows: ReportRow[], columns: Column[]): string {
  // headed by the column names (cli.md: every indicator "by its column name"), as the JSON keys;
  // XLSX and the table carry the Chinese headers
  const lines = [columns.map((c) => csvField(c.key)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(csvValue(row[c.key], c.kind), typeof row[c.key] === 'string')).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

const XLSX_FORMATS: Partial<Record<ColumnKind, string>> = {
  fraction: '0.0%',
  score: '0.0',
  index: '0.00',
  number: '0.00',
  integer: '0',
  change: '+0;-0;0',
  date: 'yyyy-mm-dd',
};

function xlsxValue(value: Json | undefined, kind: ColumnKind): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'date': {
      const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
      return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : String(value);
    }
    case 'boolean':
      return value === true ? '是' : '否';
    case 'json':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'text':
    case 'severity':
      return typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean);
    default:
      return typeof value === 'number' ? value : Number(value);
  }
}

/** An XLSX workbook of one sheet: Chinese headers, frozen header row, number formats by kind. */
/** The rows as a workbook; `notes` (a title, the weights of a ranking) on a second sheet, 说明. */
export async function toXlsx(rows: ReportRow[], columns: Column[], sheetName: string, notes: string[] = []): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'zhixiao';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.min(40, Math.max(10, displayWidth(c.header) + 2)),
    style: XLSX_FORMATS[c.kind] ? { numFmt: XLSX_FORMATS[c.kind] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, xlsxValue(row[c.key], c.kind)])));
  }
  if (notes.length) {
    const about = workbook.addWorksheet('说明');
    about.getColumn(1).width = 100;
    for (const line of notes) about.addRow([line]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Columns a terminal cell takes: CJK and full-width characters count two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    width += /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1;
  }
  return width;
}

function pad(text: string, width: number, alignRight: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return alignRight ? fill + text : text + fill;
}

const RIGHT_ALIGNED = new Set<ColumnKind>(['fraction', 'score', 'index', 'number', 'integer', 'change']);

/** A plain-text table: Chinese headers, rounded values, NULL as "—". */
export function toTable(rows: ReportRow[], columns: Column[]): string {
  const cells = rows.map((row) => columns.map((c) => displayValue(row[c.key], c.kind)));
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...cells.map((r) => displayWidth(r[i]))));
  const line = (values: string[], header: boolean) =>
    values.map((v, i) => pad(v, widths[i], !header && RIGHT_ALIGNED.has(columns[i].kind))).join('  ').trimEnd();
  return [
    line(columns.map((c) => c.header), true),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...cells.map((r) => line(r, false)),
  ].join('\n') + '\n';
}

export interface ReportOutput {
  format: OutputFormat;
  /** The rows of csv, xlsx and table. */
  rows: ReportRow[];
  /** Columns of csv and xlsx (every column). */
  columns: Column[];
  /** Columns of the table format (default: `columns`); a terminal cannot show forty. */
  tableColumns?: Column[];
  /** The JSON document (default: `rows`). */
  json?: unknown;
  /** File to write; stdout when absent (not allowed for xlsx). */
  out?: string;
  /** Lines printed above a table (title, weights); a workbook's second sheet, 说明. */
  heading?: string[];
  /** A remark for people (e.g. "no data for this period"): after the table, else on stderr. */
  note?: string;
  /** XLSX sheet name. */
  sheetName?: string;
}

/** Write a report in the chosen format to `out` or stdout. */
export async function writeReport(output: ReportOutput): Promise<void> {
  const { format, rows, columns, out } = output;
  let content: string | Buffer;
  switch (format) {
    case 'json':
      content = toJsonText(output.json ?? rows);
      break;
    case 'csv':
      content = toCsv(rows, columns);
      break;
    case 'xlsx':
      if (!out) throw new UserError('--format xlsx 需要 --out FILE.xlsx（xlsx 不能输出到终端）(xlsx needs --out FILE).', 2);
      content = await toXlsx(rows, columns, output.sheetName ?? 'report', output.heading);
      break;
    case 'table': {
      const heading = output.heading?.length ? output.heading.join('\n') + '\n\n' : '';
      const body = rows.length > 0 ? toTable(rows, output.tableColumns ?? columns) : '';
      const note = output.note ? `${rows.length > 0 ? '\n' : ''}${output.note}\n` : '';
      content = heading + body + note;
      break;
    }
  }
  if (out) {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, content);
    process.stderr.write(`已写入 ${path.resolve(out)}（${rows.length} 行）\n`);
  } else {
    process.stdout.write(content);
  }
  if (output.note && format !== 'table') process.stderr.write(`${output.note}\n`);
}

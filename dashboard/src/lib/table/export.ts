/**
 * Exporting a table as people open it: CSV in UTF-8 with a BOM (Excel and WPS then read the
 * Chinese right), XLSX with Chinese headers, a frozen header row and number formats for rates.
 * exceljs is loaded only when someone exports.
 */
import { formatValue } from '../format/numbers.ts';
import { csvField } from './csv.ts';
import { field, isNumericKind, type Column, type Row } from './columns.ts';
import type { Lang } from '../i18n/dict.ts';
import { valueLabel, yesNo } from '../i18n/values.ts';

function cellText<R extends Row>(row: R, column: Column<R>): string {
  const v = field(row, column.key);
  if (v === null || v === undefined) return '';
  if (column.kind === 'bool') return v ? '是' : '否';
  if (Array.isArray(v)) return v.join('；');
  return String(v);
}

/** A name as a file name: the characters file systems refuse, and spaces, become `_`. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_');
}

/** The CSV text with a BOM; rates unrounded as fractions (0–1), as the CLI's CSV. */
export function toCsv<R extends Row>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const lines = [columns.map((c) => csvField(c.label)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(cellText(row, c), typeof field(row, c.key) !== 'number')).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export function download(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function exportCsv<R extends Row>(filename: string, columns: readonly Column<R>[], rows: readonly R[]): void {
  download(`${filename}.csv`, new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }));
}

export async function toXlsx<R extends Row>(sheetName: string, columns: readonly Column<R>[], rows: readonly R[]): Promise<ArrayBuffer> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '质效';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31) || 'Sheet1', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.label,
    key: c.key,
    width: Math.max(8, Math.min(40, c.label.length * 2 + 4)),
    style: c.kind === 'rate' ? { numFmt: '0.0%' } : c.kind === 'index' ? { numFmt: '0.00' } : c.kind === 'score' ? { numFmt: '0.0' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const values: Record<string, unknown> = {};
    for (const c of columns) {
      const v = field(row, c.key);
      values[c.key] = v === null || v === undefined ? null : isNumericKind(c.kind) ? Number(v) : cellText(row, c);
    }
    sheet.addRow(values);
  }
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}

export async function exportXlsx<R extends Row>(filename: string, columns: readonly Column<R>[], rows: readonly R[]): Promise<void> {
  const buffer = await toXlsx(filename, columns, rows);
  download(`${filename}.xlsx`, new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
}

/**
 * The text a cell shows (NULL as "—"). In English, a value of the contract's enums (出席, 整改中 …)
 * shows its English name; other text as it is.
 */
export function displayText<R extends Row>(row: R, column: Column<R>, lang: Lang = 'zh'): string {
  const v = field(row, column.key);
  if (column.kind === 'text') {
    if (v === null || v === undefined) return '—';
    return Array.isArray(v) ? v.map((x) => valueLabel(String(x), lang)).join(lang === 'en' ? ', ' : '、') : valueLabel(String(v), lang);
  }
  if (column.kind === 'date') return v ? String(v).slice(0, 10) : '—';
  if (column.kind === 'datetime') return v ? String(v).slice(0, 16) : '—';
  if (column.kind === 'bool') return v === null || v === undefined ? '—' : yesNo(Boolean(v), lang);
  if (column.kind === 'rank_change') {
    if (v === null || v === undefined) return '—';
    const n = Number(v);
    return n > 0 ? `▲${n}` : n < 0 ? `▼${-n}` : '0';
  }
  return formatValue(v === null || v === undefined ? null : Number(v), column.kind);
}

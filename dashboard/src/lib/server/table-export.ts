/**
 * A full list exported by the server (GET …/export?format=csv|xlsx): the lists a page carries
 * only the first rows of (整改 items, 列席 lists) are written here in full, with the same columns
 * and files as a table exported in the browser ($lib/table/export.ts: CSV in UTF-8 with a BOM,
 * XLSX with Chinese headers). Every export is written to the audit log before the file is sent:
 * no record, no file.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { toCsv, toXlsx } from '../table/export.ts';
import type { Column, Row } from '../table/columns.ts';
import { audit } from './auth.ts';

export type ExportFormat = 'csv' | 'xlsx';

/** The URL's `format`; anything else is refused (400) in Chinese. */
export function readExportFormat(params: URLSearchParams): ExportFormat {
  const format = params.get('format');
  if (format === 'csv' || format === 'xlsx') return format;
  error(400, `导出格式“${format ?? ''}”无法识别：应为 csv 或 xlsx。`);
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The file name as a download: `name` made safe, the extension added. */
function contentDisposition(name: string, format: ExportFormat): string {
  const file = `${name.replace(/[\\/:*?"<>|\s]+/g, '_')}.${format}`;
  const ascii = file.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file)}`;
}

export async function tableExportResponse<R extends Row>(
  event: Pick<RequestEvent, 'locals' | 'url' | 'getClientAddress'>,
  file: { name: string; format: ExportFormat; columns: readonly Column<R>[]; rows: readonly R[] },
): Promise<Response> {
  const { name, format, columns, rows } = file;
  const body = format === 'csv' ? toCsv(columns, rows) : new Uint8Array(await toXlsx(name, columns, rows));
  await audit(event, 'export', { target: `${name}.${format}`, detail: `${format.toUpperCase()}，${rows.length} 行（服务器导出完整列表）；页面 ${event.url.pathname}${event.url.search}` });
  return new Response(body, { headers: { 'content-type': CONTENT_TYPES[format], 'content-disposition': contentDisposition(name, format) } });
}

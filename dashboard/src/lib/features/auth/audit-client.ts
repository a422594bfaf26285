/**
 * Exports made in the browser (a table to CSV or XLSX, a chart to PNG or SVG) are written to the
 * audit log by telling the server what was exported (POST /audit/export, same origin only).
 * The export waits for the server to record it: no record, no file.
 */
export interface ExportRecord {
  /** The file name given to the download. */
  file: string;
  format: 'csv' | 'xlsx' | 'png' | 'svg';
  /** Rows in a table export. */
  rows?: number;
}

export async function recordExport(record: ExportRecord): Promise<void> {
  const response = await fetch('/audit/export', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...record, page: location.pathname + location.search }),
  });
  if (!response.ok) throw new Error(`导出未能记入审计日志（${response.status}），已取消导出。`);
}

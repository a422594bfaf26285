// POST /audit/export {file, format, rows?, page} — a download made in the browser (a table to
// CSV/XLSX, a chart to PNG/SVG), written to the audit log before the file is saved.
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { audit, requireUser, safeNext } from '$lib/server/auth.ts';

const FORMATS = new Set(['csv', 'xlsx', 'png', 'svg']);

export const POST: RequestHandler = async (event) => {
  requireUser(event);
  if (!(event.request.headers.get('content-type') ?? '').startsWith('application/json')) error(415, '应为 application/json');
  const body = (await event.request.json()) as Record<string, unknown>;
  const file = typeof body.file === 'string' ? body.file.slice(0, 200) : '';
  const format = typeof body.format === 'string' && FORMATS.has(body.format) ? body.format : null;
  if (!file || !format) error(400, '缺少导出的文件名或格式（csv、xlsx、png、svg）。');
  const rows = typeof body.rows === 'number' && Number.isInteger(body.rows) && body.rows >= 0 ? body.rows : null;
  const page = safeNext(typeof body.page === 'string' ? body.page : '/');
  await audit(event, 'export', { target: `${file}.${format}`, detail: `${format.toUpperCase()}${rows === null ? '' : `，${rows} 行`}；页面 ${page}` });
  return json({ recorded: true });
};

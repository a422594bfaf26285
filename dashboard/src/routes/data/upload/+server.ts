// POST /data/upload (multipart, field `files`, many): loads the files in the server process and
// answers with NDJSON lines — {"type":"progress",…} while the ingest runs, then one
// {"type":"report","report":…} or {"type":"error","message":…}.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { UserError } from '../../../../../warehouse/errors.ts';
import { ingestUploads, landUploads, UPLOAD_PREFIX } from '$lib/server/upload.ts';
import { audit, requireScope } from '$lib/server/auth.ts';
import { bumpDataGeneration } from '$lib/server/generation.ts';

export const POST: RequestHandler = async (event) => {
  const { request } = event;
  const scope = requireScope(event);
  // A college user cannot load data; a university user's rows of other universities are quarantined.
  if (scope.role === 'college') error(403, '院系用户不能上传数据：请由本校（高校）用户或省级用户上传。');
  const ingestScope = scope.role === 'university' ? { universityCode: scope.universityCode } : undefined;
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) error(415, '请以 multipart/form-data 上传文件（字段名 files）。');
  const form = await request.formData();
  const files = form.getAll('files').filter((f): f is File => typeof f === 'object' && f !== null && 'stream' in f);
  if (files.length === 0) error(400, '没有收到文件：请选择或拖入要导入的导出文件。');
  const landed = await landUploads(files);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (value: unknown) => controller.enqueue(encoder.encode(JSON.stringify(value) + '\n'));
      try {
        const report = await ingestUploads(
          landed.dir,
          landed.paths,
          (p) => send({ type: 'progress', phase: p.phase, done: p.done, total: p.total, detail: p.detail ? UPLOAD_PREFIX + p.detail.split(/[\\/]/).pop() : null }),
          ingestScope,
        );
        const loaded = report.files.reduce((n, f) => n + f.rows_loaded + f.rows_updated, 0);
        await audit(event, 'upload', { target: report.run_id, detail: `${report.files.length} 个文件（${landed.names.join('、').slice(0, 300)}），入库 ${loaded} 行，隔离 ${report.quarantined.length} 行` });
        // A university user sees on /data the runs its university's users uploaded, found by these
        // audit entries (queries/data.ts): the run is visible from now on, cached pages are stale.
        bumpDataGeneration();
        send({ type: 'report', report });
      } catch (failure) {
        if (failure instanceof UserError) {
          send({ type: 'error', message: failure.message });
        } else {
          const errorId = crypto.randomUUID().slice(0, 8);
          console.error(`[dashboard] upload error ${errorId}:`, failure);
          send({ type: 'error', message: `导入出错，已记录（编号 ${errorId}）。请在下方“导入记录”中查看本次是否已入库，或联系管理员。`, errorId });
        }
      } finally {
        controller.close();
      }
    },
  });
  return new Response(body, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' } });
};

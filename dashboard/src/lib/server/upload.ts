/**
 * Uploads of export files (数据 page): the files land in a fresh temporary folder under their
 * own names, are loaded by the server's ingest (one run), and the folder is removed. The run's
 * report, and the paths recorded in source_files, quarantine and ingest_runs, then name each
 * file `上传/<its name>` rather than the temporary folder that no longer exists.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { IngestProgress } from '../../../../ingest/run.ts';
import type { IngestReport } from '../../../../ingest/report.ts';
import type { IngestScope } from '../../../../ingest/scope-sql.ts';
import { bumpDataGeneration } from './generation.ts';
import { getServices } from './services.ts';
import { getWarehouse } from './warehouse.ts';

/** What an uploaded file is called in reports and in the warehouse's bookkeeping. */
export const UPLOAD_PREFIX = '上传/';

/** A file name safe to write: no folders, no control characters, not empty, at most 180 characters. */
export function safeFileName(name: string, index: number): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^\.+/, '').trim().slice(-180);
  return cleaned || `file-${index + 1}`;
}

export interface UploadedFile {
  name: string;
  stream(): ReadableStream<Uint8Array>;
}

/** Write the files into a new temporary folder; returns the folder and each file's path. */
export async function landUploads(files: UploadedFile[]): Promise<{ dir: string; paths: string[]; names: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhixiao-upload-'));
  const names: string[] = [];
  const paths: string[] = [];
  const taken = new Set<string>();
  try {
    for (const [i, file] of files.entries()) {
      let name = safeFileName(file.name, i);
      // Two files of the same name in one upload: the second is written as "2_name".
      for (let n = 2; taken.has(name); n++) name = `${n}_${safeFileName(file.name, i)}`;
      taken.add(name);
      const target = path.join(dir, name);
      await pipeline(Readable.fromWeb(file.stream() as unknown as NodeReadableStream<Uint8Array>), fs.createWriteStream(target));
      names.push(name);
      paths.push(target);
    }
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, paths, names };
}

/** Replace the temporary folder by UPLOAD_PREFIX in a report's paths. */
export function relabelReport(report: IngestReport, dir: string): IngestReport {
  const relabel = (p: string) => (p.startsWith(dir + path.sep) ? UPLOAD_PREFIX + p.slice(dir.length + 1) : p);
  return {
    ...report,
    files: report.files.map((f) => ({ ...f, path: relabel(f.path), message: f.message.split(dir + path.sep).join(UPLOAD_PREFIX) })),
    quarantined: report.quarantined.map((q) => ({ ...q, path: relabel(q.path) })),
  };
}

/** The same relabelling in the run's rows of source_files, quarantine and ingest_runs. */
async function relabelRun(report: IngestReport, dir: string): Promise<void> {
  const warehouse = await getWarehouse();
  const c = await warehouse.connect();
  const prefix = dir + path.sep;
  try {
    await c.run('BEGIN TRANSACTION');
    try {
      for (const table of ['source_files', 'quarantine'] as const) {
        // The table name is one of two literals above; values are bound.
        await c.run(
          `update ${table} set path = $1 || substr(path, length($2) + 1) where run_id = $3 and starts_with(path, $2)`,
          [UPLOAD_PREFIX, prefix, report.run_id],
        );
      }
      await c.run('update ingest_runs set report = $1::json where run_id = $2', [JSON.stringify(report), report.run_id]);
      await c.run('COMMIT');
      // The data page shows these paths: what it cached names the temporary folder.
      bumpDataGeneration();
    } catch (error) {
      await c.run('ROLLBACK');
      throw error;
    }
  } finally {
    c.closeSync();
  }
}

/**
 * Load landed uploads (one ingest run), relabel the paths, remove the folder. `scope` (a
 * university user's upload) loads only that university's rows and quarantines the others.
 */
export async function ingestUploads(dir: string, paths: string[], onProgress?: (p: IngestProgress) => void, scope?: IngestScope): Promise<IngestReport> {
  try {
    const services = await getServices();
    const report = relabelReport(await services.ingest(paths, onProgress, scope), dir);
    await relabelRun(report, dir);
    return report;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Uploads through the dashboard's server side (what POST /data/upload does, without HTTP): the
 * files land in a temporary folder under their own names, the server's ingest loads them in one
 * run into the server's warehouse, and the report and the bookkeeping name them `上传/<name>`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerServices } from '../../dashboard/server/services.ts';
import { provideServices } from '../../dashboard/src/lib/server/services.ts';
import { provideWarehouse } from '../../dashboard/src/lib/server/warehouse.ts';
import { ingestUploads, landUploads, safeFileName } from '../../dashboard/src/lib/server/upload.ts';
import { getDataPage } from '../../dashboard/src/lib/server/queries/data.ts';
import { PROVINCE } from '../../auth/scope.ts';
import type { World } from '../models/helpers.ts';
import { createDashboardWorld } from './world.ts';

let world: World;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhixiao-upload-test-'));
  const dbPath = path.join(dir, 'w.duckdb');
  world = await createDashboardWorld(dbPath);
  provideWarehouse(Promise.resolve(world.warehouse));
  provideServices(Promise.resolve(createServerServices(world.warehouse, dbPath)));
});
afterAll(() => {
  world?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A messy 述职评议 export: one good row, a bad rating, an unknown branch, a bad year. */
const EVALUATIONS = '年度,支部代码,评议等次,备注\r\n2023,B1,好,\r\n2023,B2,很好,写错了\r\n2023,BX,好,\r\n二〇二三,B3,一般,\r\n';

describe('uploading export files', () => {
  it('keeps safe file names: no folders, no control characters', () => {
    expect(safeFileName('../../etc/passwd', 0)).toBe('passwd');
    expect(safeFileName('C:\\导出\\党员名册.csv', 0)).toBe('党员名册.csv');
    expect(safeFileName('a\u0000b?.csv', 0)).toBe('a_b_.csv');
    expect(safeFileName('...', 2)).toBe('file-3');
  });

  it('loads a messy file and refuses an unrelated one in one run, reporting quarantined rows by line', async () => {
    const files = [
      new File([EVALUATIONS], '述职评议_2023.csv', { type: 'text/csv' }),
      new File(['随便,什么\r\n1,2\r\n'], 'notes.csv', { type: 'text/csv' }),
    ];
    const landed = await landUploads(files);
    expect(landed.names).toEqual(['述职评议_2023.csv', 'notes.csv']);
    const phases: string[] = [];
    const report = await ingestUploads(landed.dir, landed.paths, (p) => phases.push(p.phase));
    expect(fs.existsSync(landed.dir)).toBe(false);
    expect(phases).toContain('models');
    const byName = new Map(report.files.map((f) => [f.path, f]));
    expect(byName.get('上传/述职评议_2023.csv')).toMatchObject({ table: 'evaluations', status: 'loaded', rows_read: 4, rows_loaded: 1, rows_quarantined: 3 });
    expect(byName.get('上传/notes.csv')).toMatchObject({ status: 'refused', table: null });
    expect(report.quarantined.map((q) => [q.path, q.line, q.column, q.value])).toEqual(
      expect.arrayContaining([
        ['上传/述职评议_2023.csv', 3, 'rating', '很好'],
        ['上传/述职评议_2023.csv', 4, 'branch_code', 'BX'],
        ['上传/述职评议_2023.csv', 5, 'year', '二〇二三'],
      ]),
    );
    expect(report.files.every((f) => !f.message.includes(landed.dir))).toBe(true);
    // The warehouse's own records name the upload, not the removed temporary folder.
    const page = await getDataPage(PROVINCE, report.run_id);
    expect(page.files.map((f) => f.path).sort()).toEqual(['上传/notes.csv', '上传/述职评议_2023.csv']);
    expect(page.quarantined.every((q) => q.path === '上传/述职评议_2023.csv')).toBe(true);
    const stored = await world.one('select report::varchar as r from ingest_runs where run_id = $id', { id: report.run_id });
    expect(String(stored.r)).toContain('上传/述职评议_2023.csv');
    expect(String(stored.r)).not.toContain(landed.dir);
    expect(await world.one("select rating from evaluations where branch_code = 'B1' and year = 2023")).toEqual({ rating: '好' });
  });

  it('runs uploads one at a time', async () => {
    const a = await landUploads([new File(['年度,支部代码,评议等次\r\n2022,B1,好\r\n'], 'a.csv')]);
    const b = await landUploads([new File(['年度,支部代码,评议等次\r\n2022,B2,较好\r\n'], 'b.csv')]);
    const [ra, rb] = await Promise.all([ingestUploads(a.dir, a.paths), ingestUploads(b.dir, b.paths)]);
    expect([ra.files[0].rows_loaded, rb.files[0].rows_loaded]).toEqual([1, 1]);
    expect(ra.run_id).not.toBe(rb.run_id);
  });
});

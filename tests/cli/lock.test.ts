/** A second process that finds the warehouse held gets a clear message at once, never a hang. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/database.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-lock-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('a warehouse held by another process', () => {
  it('makes `zhixiao status` and `zhixiao ingest` exit 2 with a message saying what to do', async () => {
    const db = path.join(root, 'held.duckdb');
    const holder = await openWarehouse(db); // this test process holds the file
    try {
      for (const args of [['status'], ['ingest', root]]) {
        const started = Date.now();
        const r = spawnSync(process.execPath, [path.resolve('bin/zhixiao.js'), ...args, '--db', db], { encoding: 'utf8', timeout: 30_000 });
        expect(r.status).toBe(2);
        expect(r.stderr).toContain('数据仓库文件正被另一个进程占用');
        expect(r.stderr).toContain('/data');
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace for a person
        expect(Date.now() - started).toBeLessThan(15_000);
      }
    } finally {
      holder.close();
    }
  });
});

/** `zhixiao ingest` and `zhixiao status` as a user runs them: documents, exit codes, messages. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMessyExports } from '../ingest/messy-exports.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-cli-'));
const exportsDir = path.join(root, 'exports');
const db = path.join(root, 'cli.duckdb');
const zhixiao = (...args: string[]) =>
  spawnSync(process.execPath, [path.resolve('bin/zhixiao.js'), ...args, '--db', db], { encoding: 'utf8', timeout: 120_000 });

beforeAll(() => writeMessyExports(exportsDir));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('zhixiao ingest --json', () => {
  it('prints one JSON document with files, quarantined rows and timings, and exits 1 when a file was refused', () => {
    const r = zhixiao('ingest', exportsDir, '--json');
    expect(r.status, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc).sort()).toEqual(['files', 'quarantined', 'retried_loaded', 'retried_updated', 'run_id', 'timings_ms']);
    expect(Object.keys(doc.timings_ms).sort()).toEqual(['load', 'models', 'read', 'total', 'validate']);
    expect(doc.files).toHaveLength(13);
    for (const f of doc.files) {
      expect(Object.keys(f).sort()).toEqual(
        ['message', 'path', 'rows_loaded', 'rows_quarantined', 'rows_read', 'rows_updated', 'sheet', 'status', 'table'].sort(),
      );
    }
    expect(doc.quarantined[0]).toEqual(
      expect.objectContaining({ path: expect.any(String), line: expect.any(Number), column: expect.any(String), reason: expect.any(String) }),
    );
  });

  it('exits 0 when nothing is refused, with a Chinese summary table for people', () => {
    const ok = path.join(root, 'ok');
    fs.mkdirSync(ok);
    fs.writeFileSync(path.join(ok, 'u.csv'), '高校代码,高校名称,所在地市\nU09,示例大学九,宣城\n');
    const r = zhixiao('ingest', ok);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('文件');
    expect(r.stdout).toContain('已导入');
    expect(r.stdout).toContain('新增');
  });

  it('exits 2 with a message for a path that does not exist or no path at all', () => {
    const missing = zhixiao('ingest', path.join(root, 'nope'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('找不到文件或文件夹');
    const none = zhixiao('ingest');
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('zhixiao ingest PATH');
    // a folder without any file: nothing could be done
    const empty = path.join(root, 'empty-folder');
    fs.mkdirSync(empty, { recursive: true });
    const nothing = zhixiao('ingest', empty);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toContain('没有找到任何文件');
  });
});

describe('zhixiao status --json', () => {
  it('reports rows per table, quarantine, runs and as_of exactly as cli.md shapes it', () => {
    const r = zhixiao('status', '--json');
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toEqual({
      tables: { universities: 3, org_units: 8, members: 4, activities: 3, attendance: 4, observations: 2, rectifications: 1, cases: 2, evaluations: 2 },
      quarantined: 12,
      runs: 2,
      as_of: '2024-12-10',
    });
  });

  it('exits 2 on an unknown option', () => {
    const r = zhixiao('status', '--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('参数有误');
  });
});

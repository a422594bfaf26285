/**
 * A --db where no warehouse exists (a typo, a wrong $ZHIXIAO_DB): the commands that read one
 * say so and leave no file behind; `status` tells an empty warehouse's figures.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-missing-db-'));
const db = path.join(root, 'typo', 'zhixao.duckdb');
const zhixiao = (...args: string[]) =>
  spawnSync(process.execPath, [path.resolve('bin/zhixiao.js'), ...args, '--db', db], { encoding: 'utf8', timeout: 60_000 });

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it("status prints an empty warehouse's document, says none is there on stderr, and creates nothing", () => {
  const r = zhixiao('status', '--json');
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({
    tables: { universities: 0, org_units: 0, members: 0, activities: 0, attendance: 0, observations: 0, rectifications: 0, cases: 0, evaluations: 0 },
    quarantined: 0,
    runs: 0,
    as_of: null,
  });
  expect(r.stderr).toContain(`${db} 还没有数据仓库`);
  expect(fs.existsSync(path.dirname(db))).toBe(false);
});

it.each([
  ['report indicators', ['report', 'indicators', '--level', 'province', '--period', '2025']],
  ['report anomalies', ['report', 'anomalies', '--period', '2025']],
  ['build', ['build']],
])('%s exits 2 naming the path and what to do, and creates nothing', (_name, args) => {
  const r = zhixiao(...args);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(`没有找到数据仓库：${db}`);
  expect(r.stderr).toContain('zhixiao ingest');
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(fs.existsSync(path.dirname(db))).toBe(false);
});

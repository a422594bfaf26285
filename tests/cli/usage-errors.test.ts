/**
 * Mistakes on the command line get exit 2 and a message on stderr saying what to do — never an
 * internal error with a stack trace.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-usage-'));
const zhixiao = (...args: string[]) => spawnSync(process.execPath, [path.resolve('bin/zhixiao.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it('no command at all: the usage, on stderr', () => {
  const r = zhixiao();
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('用法 Usage: zhixiao <命令>');
});

it('a --db that is a folder: says so and names a file to use', () => {
  const r = zhixiao('status', '--db', root);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(`--db 指向的是一个文件夹：${root}`);
  expect(r.stderr).not.toContain('Internal error');
});

it('a --host that is no address of this machine (TEST-NET-3): says what to give', () => {
  const r = zhixiao('serve', '--host', '203.0.113.9', '--port', '0', '--db', path.join(root, 'w.duckdb'));
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('无法在地址 203.0.113.9 上启动看板');
  expect(r.stderr).not.toContain('Internal error');
});

it('an ingest of a path that does not exist: says so, and leaves no warehouse behind', () => {
  const db = path.join(root, 'typo.duckdb');
  const r = zhixiao('ingest', path.join(root, 'nothere'), '--db', db);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('找不到文件或文件夹');
  expect(fs.existsSync(db)).toBe(false);
});

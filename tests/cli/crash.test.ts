/**
 * A real `zhixiao ingest` process killed with SIGKILL at several points: after each
 * kill the warehouse equals its state before the run; a full run then succeeds.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBigExports } from '../ingest/big-exports.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-crash-'));
const db = path.join(root, 'w.duckdb');
const bin = path.resolve('bin/zhixiao.js');
const env = { ...process.env, ZHIXIAO_DB: db, ZHIXIAO_MEMORY_LIMIT: '2GB' };

function status(): unknown {
  const r = spawnSync(process.execPath, [bin, 'status', '--json'], { env, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** Start an ingest and SIGKILL it after `ms`; resolves with how it ended. */
function ingestKilledAfter(ms: number, dir: string): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'ingest', dir, '--json'], { env, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

let fullRunMs = 0;

beforeAll(async () => {
  // A first small run, so that "before" is not just an empty warehouse.
  const small = path.join(root, 'small');
  fs.mkdirSync(small);
  fs.writeFileSync(path.join(small, 'u.csv'), '高校代码,高校名称,所在地市\nU0,先前的大学,芜湖\n');
  const r = spawnSync(process.execPath, [bin, 'ingest', small, '--json'], { env, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  await writeBigExports(path.join(root, 'big'), 400, 3000); // 1.2 M attendance rows
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('an ingest killed halfway', () => {
  it('leaves the warehouse exactly as before, wherever it is killed', async () => {
    const before = status();
    for (const ms of [400, 1200, 2500, 4000]) {
      const outcome = await ingestKilledAfter(ms, path.join(root, 'big'));
      if (!outcome.killed) break; // the run finished before this point: later points cannot be reached
      expect(status()).toEqual(before);
    }
  }, 180_000);

  it('leaves the warehouse as before when killed while DuckDB commits the run', async () => {
    const before = status();
    for (const ms of [50, 100, 200]) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('tests/cli/kill-in-commit.ts'), db, path.join(root, 'big'), String(ms)], {
        env,
        encoding: 'utf8',
      });
      expect(child.signal, child.stderr).toBe('SIGKILL');
      expect(status()).toEqual(before);
    }
  }, 180_000);

  it('then completes on a full run', () => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [bin, 'ingest', path.join(root, 'big'), '--json'], { env, encoding: 'utf8' });
    fullRunMs = Date.now() - started;
    expect(r.status, r.stderr).toBe(0);
    const after = status() as { tables: Record<string, number> };
    expect(after.tables.attendance).toBe(1_200_000);
    expect(after.tables.universities).toBe(2);
    expect(fullRunMs).toBeGreaterThan(0);
  }, 180_000);
});

/**
 * A real `zhixiao ingest` process killed with SIGKILL at several points: after each kill
 * the warehouse is exactly as before the run, or — when the kill came after the run had
 * committed (a fast machine, or the process still closing) — exactly as after a complete
 * run; never anything in between. A full run then succeeds.
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
const big = path.join(root, 'big');

function envFor(file: string) {
  return { ...process.env, ZHIXIAO_DB: file, ZHIXIAO_MEMORY_LIMIT: '2GB' };
}
const env = envFor(db);

function statusOf(file: string): unknown {
  const r = spawnSync(process.execPath, [bin, 'status', '--json'], { env: envFor(file), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}
const status = () => statusOf(db);

/** The warehouse's files (the database and its write-ahead log, if any). */
const files = (base: string) => [base, `${base}.wal`];
function copyWarehouse(from: string, to: string): void {
  files(from).forEach((source, i) => {
    const target = files(to)[i];
    if (fs.existsSync(source)) fs.copyFileSync(source, target);
    else fs.rmSync(target, { force: true });
  });
}

/** Start an ingest and SIGKILL it after `ms`; resolves with whether the kill ended it. */
function ingestKilledAfter(ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'ingest', big, '--json'], { env, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL');
    });
  });
}

const snapshot = path.join(root, 'before.duckdb');
let before: unknown;
let complete: unknown;

beforeAll(async () => {
  // A first small run, so that "before" is not just an empty warehouse.
  const small = path.join(root, 'small');
  fs.mkdirSync(small);
  fs.writeFileSync(path.join(small, 'u.csv'), '高校代码,高校名称,所在地市\nU0,先前的大学,芜湖\n');
  const r = spawnSync(process.execPath, [bin, 'ingest', small, '--json'], { env, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  await writeBigExports(big, 400, 3000); // 1.2 M attendance rows
  copyWarehouse(db, snapshot);
  before = status();
  // What a complete run leaves, from an uninterrupted run on a copy of the same warehouse.
  const reference = path.join(root, 'reference.duckdb');
  copyWarehouse(snapshot, reference);
  const full = spawnSync(process.execPath, [bin, 'ingest', big, '--json'], { env: envFor(reference), encoding: 'utf8' });
  expect(full.status, full.stderr).toBe(0);
  complete = statusOf(reference);
  expect(complete).not.toEqual(before);
}, 180_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/**
 * After a kill: the warehouse is as before, or as after a complete run. Either way it is
 * put back as before, so the next kill point starts from the same state. Says which it was.
 */
function expectBeforeOrComplete(): 'before' | 'complete' {
  const now = status();
  const outcome = JSON.stringify(now) === JSON.stringify(before) ? 'before' : 'complete';
  expect(now).toEqual(outcome === 'before' ? before : complete);
  copyWarehouse(snapshot, db);
  return outcome;
}

describe('an ingest killed halfway', () => {
  it('leaves the warehouse exactly as before, wherever it is killed before its commit', async () => {
    const outcomes: string[] = [];
    for (const ms of [400, 1200, 2500, 4000]) {
      if (!(await ingestKilledAfter(ms))) break; // the run finished before this point: later points cannot be reached
      outcomes.push(expectBeforeOrComplete());
    }
    // Node's start and the first file alone take longer than 400 ms: that kill is before the commit.
    expect(outcomes[0]).toBe('before');
  }, 180_000);

  it('leaves the warehouse as before, or complete, when killed while DuckDB commits the run', () => {
    for (const ms of [50, 100, 200]) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('tests/cli/kill-in-commit.ts'), db, big, String(ms)], {
        env,
        encoding: 'utf8',
      });
      expect(child.signal, child.stderr).toBe('SIGKILL');
      expectBeforeOrComplete();
    }
  }, 180_000);

  it('then completes on a full run', () => {
    const r = spawnSync(process.execPath, [bin, 'ingest', big, '--json'], { env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const after = status() as { tables: Record<string, number> };
    expect(after).toEqual(complete);
    expect(after.tables.attendance).toBe(1_200_000);
    expect(after.tables.universities).toBe(2);
  }, 180_000);
});

/**
 * Once per browser-test run: make sure chromium and a CJK font are installed, build the fixture
 * warehouse, build the dashboard if stale, and serve it on a free port in this process.
 * The tests get the URL with inject('baseUrl').
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createFixtureWarehouse } from './fixture-data.ts';
import { createTestUsers } from './auth.ts';
import { startServer, ROOT, type RunningServer } from '../../dashboard/server/start.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let server: RunningServer | null = null;
let dir: string | null = null;

export async function setup(project: TestProject) {
  if (!fs.existsSync('/usr/bin/chromium') || !fs.existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc')) {
    execFileSync('bash', [path.join(ROOT, 'scripts', 'ensure-browser.sh')], { stdio: 'inherit' });
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhixiao-browser-'));
  const dbPath = path.join(dir, 'fixture.duckdb');
  const started = Date.now();
  await createFixtureWarehouse(dbPath);
  const built = Date.now();
  server = await startServer({ dbPath, port: 0, log: (l) => process.stderr.write(`[dashboard] ${l}\n`) });
  // Every page needs a signed-in user: one per role (tests/browser/auth.ts).
  await createTestUsers(server.warehouse);
  process.stderr.write(`[browser-tests] fixture ${built - started} ms, server ${Date.now() - built} ms at ${server.url}\n`);
  project.provide('baseUrl', server.url);
  fs.mkdirSync(path.join(ROOT, 'test-results', 'screenshots'), { recursive: true });
}

export async function teardown() {
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** startServer: builds if stale, serves the app on a free port in this process, closes cleanly. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureWarehouse } from '../browser/fixture-data.ts';
import { startServer, type RunningServer } from '../../dashboard/server/start.ts';
import { createTestUsers, signedInClient, type HttpClient } from '../browser/auth.ts';

let dir: string;
let server: RunningServer;
/** Every page needs a signed-in user (tests/browser/auth.ts). */
let client: HttpClient;
const get = (p: string) => client.get(p, { accept: '*/*' });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhixiao-serve-'));
  const dbPath = path.join(dir, 'w.duckdb');
  await createFixtureWarehouse(dbPath);
  server = await startServer({ dbPath, port: 0, log: () => {} });
  await createTestUsers(server.warehouse);
  client = await signedInClient(server.url, 'province');
}, 120_000);

afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('startServer', () => {
  it('serves the overview in Chinese on 127.0.0.1', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await get('/');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('总览');
  });

  it('answers an unknown page with a 404 in Chinese', async () => {
    const response = await get('/u/NOPE');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('页面不存在');
  });

  it('switches to English by URL and remembers it in a cookie', async () => {
    const response = await get('/?lang=en');
    expect(await response.text()).toContain('<html lang="en">');
    expect(response.headers.get('set-cookie')).toMatch(/lang=en/);
  });

  it('sends bulk tables as Arrow IPC', async () => {
    const response = await get('/u/U001/cadence?period=2024Q2');
    expect(response.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it('refuses a port that is taken, saying so in Chinese', async () => {
    const port = Number(new URL(server.url).port);
    await expect(startServer({ dbPath: path.join(dir, 'w.duckdb'), port, log: () => {} })).rejects.toThrow(/端口 \d+ 已被占用/);
    // …and the running server (and its warehouse) is untouched.
    expect((await get('/rankings')).status).toBe(200);
  });
});

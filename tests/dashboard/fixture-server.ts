/**
 * The dashboard served in this test process on the browser tests' fixture warehouse (a fresh
 * copy in a temp folder), with the test users of every role and a province user signed in.
 * The server provides its warehouse and services to this process, so server functions called
 * by a test read the same instance as its HTTP requests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFixtureWarehouse } from '../browser/fixture-data.ts';
import { createTestUsers, signedInClient, type HttpClient } from '../browser/auth.ts';
import { startServer, type RunningServer } from '../../dashboard/server/start.ts';

export interface FixtureServer {
  dbPath: string;
  server: RunningServer;
  /** Signed in as the province test user. */
  client: HttpClient;
  close(): Promise<void>;
}

export async function startFixtureServer(prefix: string): Promise<FixtureServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dbPath = path.join(dir, 'w.duckdb');
  await createFixtureWarehouse(dbPath);
  const server = await startServer({ dbPath, port: 0, log: () => {} });
  await createTestUsers(server.warehouse);
  return {
    dbPath,
    server,
    client: await signedInClient(server.url, 'province'),
    async close() {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

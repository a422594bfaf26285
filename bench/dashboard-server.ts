/**
 * The server side of bench/dashboard.ts, run as a child process of it (`node --import tsx`),
 * so that the benchmark's client load does not share the server's event loop.
 *
 * It starts the dashboard on 127.0.0.1 (a free port), creates or resets the bench user
 * (province role, a fresh random password each run), reads what the benchmark needs from the
 * warehouse it now holds (the default period, sample codes, sizes) and sends it to the parent
 * over IPC. It answers `cpu` with its CPU time so far, and stops — closing the server and the
 * warehouse — when the parent says `close` or goes away.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { startServer, type RunningServer } from '../dashboard/server/start.ts';
import { addUser, findUser, setPassword } from '../auth/users.ts';
import { lastCompleteQuarter, parsePeriod } from '../dashboard/src/lib/state/periods.ts';

export const BENCH_USER = 'bench-province';

/** What the child tells the parent once the server is up. */
export interface ServerReady {
  type: 'ready';
  url: string;
  pid: number;
  username: string;
  password: string;
  /** The default period of the dashboard (last complete quarter by as_of). */
  period: string;
  asOf: string;
  /** Codes for the route parameters: the largest unit of each kind in `period`. */
  samples: Record<string, string>;
  /** Query parameters some routes need (e.g. the month of /b/[branch_code]/meetings). */
  month: string;
  size: {
    attendance: number;
    activities: number;
    members: number;
    branches: number;
    universities: number;
    fileBytes: number;
  };
  /** Server start (including a build of the app when it was stale), ms. */
  startMs: number;
}

/** The server process's CPU time so far (all its threads, DuckDB's included), µs. */
export interface CpuReport {
  type: 'cpu';
  user: number;
  system: number;
}

export type ChildMessage = ServerReady | CpuReport | { type: 'error'; message: string };

async function one(c: DuckDBConnection, sql: string, params: (string | number)[] = []): Promise<Record<string, unknown>> {
  const rows = (await c.runAndReadAll(sql, params)).getRowObjectsJson() as Record<string, unknown>[];
  if (rows.length === 0) throw new Error(`the warehouse has no row for: ${sql.replace(/\s+/g, ' ').trim()} [${params.join(', ')}]`);
  return rows[0];
}

async function describeWarehouse(server: RunningServer, dbPath: string): Promise<Omit<ServerReady, 'type' | 'url' | 'pid' | 'username' | 'password' | 'startMs'>> {
  const c = await server.warehouse.connect();
  try {
    const asOf = String((await one(c, 'select coalesce((select as_of::varchar from int_params), (select max(started_at)::date::varchar from activities)) as as_of')).as_of);
    if (asOf === 'null') throw new Error('the warehouse has no activities: ingest data and build the models first');
    const period = lastCompleteQuarter(asOf);
    const p = period.code;
    // The largest unit of each kind in the default period: the heaviest pages a user can open.
    const university = String(
      (await one(c, 'select university_code as code from mart_university_period_indicators where period_code = $1 order by n_active_branches desc nulls last, university_code limit 1', [p])).code,
    );
    const college = String(
      (await one(c, 'select org_code as code from mart_college_period_indicators where period_code = $1 order by n_active_branches desc nulls last, org_code limit 1', [p])).code,
    );
    const branch = String(
      (await one(c, 'select branch_code as code from mart_branch_period_indicators where period_code = $1 order by n_expected desc nulls last, n_activities desc nulls last, branch_code limit 1', [p]))
        .code,
    );
    const activity = String(
      (
        await one(
          c,
          `select a.activity_id as code from activities a join attendance t using (activity_id)
           where a.started_at::date between $1::date and $2::date
           group by a.activity_id order by count(*) desc, a.activity_id limit 1`,
          [period.start, period.end],
        )
      ).code,
    );
    const month = String(
      (
        await one(
          c,
          `select strftime(started_at, '%Y-%m') as month from activities
           where branch_code = $1 and started_at::date between $2::date and $3::date
           group by 1 order by count(*) desc, 1 limit 1`,
          [branch, period.start, period.end],
        )
      ).month,
    );
    if (!parsePeriod(month)) throw new Error(`not a month: ${month}`);
    const counts = await one(
      c,
      `select (select count(*) from attendance)::double as attendance, (select count(*) from activities)::double as activities,
              (select count(*) from members)::double as members, (select count(*) from int_branches)::double as branches,
              (select count(*) from universities)::double as universities`,
    );
    const fileBytes = [dbPath, `${dbPath}.wal`].filter((f) => fs.existsSync(f)).reduce((n, f) => n + fs.statSync(f).size, 0);
    return {
      period: p,
      asOf,
      samples: { university_code: university, org_code: college, branch_code: branch, activity_id: activity },
      month,
      size: {
        attendance: Number(counts.attendance),
        activities: Number(counts.activities),
        members: Number(counts.members),
        branches: Number(counts.branches),
        universities: Number(counts.universities),
        fileBytes,
      },
    };
  } finally {
    c.closeSync();
  }
}

async function main(): Promise<void> {
  const dbPath = process.argv[2];
  if (!dbPath) throw new Error('usage: node --import tsx bench/dashboard-server.ts DB_PATH');
  if (!process.send) throw new Error('bench/dashboard-server.ts runs as a child of bench/dashboard.ts (it needs an IPC channel)');
  const started = performance.now();
  const server = await startServer({ dbPath, host: '127.0.0.1', port: 0, log: (l) => process.stderr.write(`[server] ${l}\n`) });
  let closing: Promise<void> | null = null;
  const stop = (code: number) => {
    closing ??= server.close().then(
      () => process.exit(code),
      (error: unknown) => {
        process.stderr.write(`[server] closing failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('message', (m) => {
    if (m === 'close') stop(0);
    if (m === 'cpu') process.send!({ type: 'cpu', ...process.cpuUsage() } satisfies CpuReport);
  });
  // The parent went away without saying so: do not linger holding the warehouse.
  process.on('disconnect', () => stop(0));
  const startMs = performance.now() - started;

  // The bench user: created once, its password reset every run (its old sessions end with it).
  const password = `bench-${crypto.randomBytes(18).toString('base64url')}`;
  if (await findUser(server.warehouse, BENCH_USER)) await setPassword(server.warehouse, BENCH_USER, password);
  else await addUser(server.warehouse, { username: BENCH_USER, role: 'province', scope: null, password });

  const described = await describeWarehouse(server, dbPath);
  const ready: ServerReady = { type: 'ready', url: server.url, pid: process.pid, username: BENCH_USER, password, startMs, ...described };
  process.send(ready);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`[server] ${message}\n`);
  if (process.send) process.send({ type: 'error', message } satisfies ChildMessage, () => process.exit(1));
  else process.exit(1);
});

/**
 * Dashboard latency: every data route under load, and the overview in chromium.
 *
 *   npx tsx bench/dashboard.ts --db PATH [--clients 1,20] [--requests 200] [--seconds 5]
 *                              [--runs 5] [--memory-limit 3GB] [--out FILE]
 *
 * 1. Starts the dashboard on the warehouse PATH (data ingested, models built) in a child
 *    process (bench/dashboard-server.ts: its own event loop, so the client's load is not
 *    measured as the server's), on 127.0.0.1 and a free port; creates or resets the
 *    province-role user `bench-province` there.
 * 2. Finds the data routes by walking dashboard/src/routes: each page with a server `load`
 *    is fetched as a browser does on client-side navigation (`…/__data.json?
 *    x-sveltekit-invalidated=01`: the page's load, the layout's data kept), each GET
 *    `+server.ts` as the page fetches it (Arrow, JSON) or, for /brief, as its HTML. Route
 *    parameters are filled with the largest unit of each kind in the default period.
 *    One more probe: the overview as of a date inside the default period (URL `as_of`), whose
 *    first request builds the models for that date (dashboard/src/lib/server/as-of-builds.ts).
 * 3. For each route and each concurrency level: 2 warm-up requests, then `clients` workers
 *    (one session each, Node fetch, keep-alive) until `--requests` requests were made or
 *    `--seconds` passed; p50 / p95 of the time to the last byte of 2xx answers; anything
 *    else is counted as a failure, by status. The server keeps page results until the data
 *    changes (dashboard/src/lib/server/cache/results.ts): the first warm-up request of a
 *    route is the one that reads the warehouse, and is reported on its own ("first").
 * 4. The overview in Debian's chromium (playwright-core, fresh profile): from navigation to
 *    the last chart drawn (`data-drawn` on the chart, set on ECharts' `finished` event, see
 *    dashboard/src/lib/charts/echarts-action.ts), cold (a new context: empty cache) and warm
 *    (the same page again in that context); medians of `--runs` runs.
 * 5. Prints a Markdown section for BENCHMARKS.md (and writes it to --out), with the targets
 *    (p95 < 150 ms at 20 clients; overview cold < 1.5 s) met or not. Exit 1 when any request
 *    was not answered 2xx (after printing) or the bench itself failed; a missed target is
 *    reported, not an error.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import type { ChildMessage, ServerReady } from './dashboard-server.ts';
import { monthsOf, parsePeriod } from '../dashboard/src/lib/state/periods.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../reports/chromium.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const ROUTES_DIR = path.join(ROOT, 'dashboard', 'src', 'routes');
const TARGET_P95_MS = 150;
const TARGET_CONCURRENCY = 20;
const TARGET_COLD_MS = 1500;
const WARM_UP = 2;
const REQUEST_TIMEOUT_MS = 60_000;
const NAVIGATION_TIMEOUT_MS = 60_000;

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    clients: { type: 'string', default: '1,20' },
    requests: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '5' },
    runs: { type: 'string', default: '5' },
    'memory-limit': { type: 'string' },
    out: { type: 'string' },
  },
});

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npx tsx bench/dashboard.ts --db PATH [--clients 1,20] [--requests 200] [--seconds 5] [--runs 5] [--memory-limit 3GB] [--out FILE]\n`);
  process.exit(2);
}

function positiveInt(name: string, text: string, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) usage(`--${name} must be an integer from 1 to ${max}, not "${text}"`);
  return n;
}

if (!values.db) usage('--db is required');
const DB = path.resolve(values.db);
if (!fs.existsSync(DB)) usage(`no warehouse at ${DB}`);
const LEVELS = values.clients.split(',').map((s) => positiveInt('clients', s.trim(), 100));
const MAX_REQUESTS = positiveInt('requests', values.requests, 200);
const SECONDS = positiveInt('seconds', values.seconds, 10);
const RUNS = positiveInt('runs', values.runs, 20);

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// ---------------------------------------------------------------- the server, in a child process

interface ServerChild {
  ready: ServerReady;
  /** The server process's CPU time so far (user + system, all threads), ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

function startServerChild(): Promise<ServerChild> {
  const env = { ...process.env };
  if (values['memory-limit']) env.ZHIXIAO_MEMORY_LIMIT = values['memory-limit'];
  const child: ChildProcess = fork(path.join(HERE, 'dashboard-server.ts'), [DB], {
    execArgv: ['--import', 'tsx'],
    cwd: ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let stopping = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then((code) => {
    if (!stopping) log(`the server process (PID ${child.pid}) ended by itself, exit ${code}`);
  });
  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send('close');
    const timer = setTimeout(() => {
      log(`the server (PID ${child.pid}) did not stop within 30 s: SIGKILL`);
      child.kill('SIGKILL');
    }, 30_000);
    const code = await exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`the server process ended with exit code ${code}`);
  };
  const cpuMs = () =>
    new Promise<number>((resolve, reject) => {
      const onMessage = (m: ChildMessage) => {
        if (m.type !== 'cpu') return;
        child.off('message', onMessage);
        resolve((m.user + m.system) / 1000);
      };
      child.on('message', onMessage);
      if (!child.send('cpu')) reject(new Error('the server process cannot be asked for its CPU time'));
    });
  return new Promise((resolve, reject) => {
    child.once('message', (m: ChildMessage) => {
      if (m.type === 'ready') resolve({ ready: m, cpuMs, stop });
      else reject(new Error(`the server did not start:\n${m.type === 'error' ? m.message : JSON.stringify(m)}`));
    });
    child.once('error', reject);
    void exited.then((code) => reject(new Error(`the server process ended (exit ${code}) before it was ready`)));
  });
}

// ---------------------------------------------------------------- sessions

/** Sign in through the /login form as a browser does; the Cookie header of the session. */
async function signIn(base: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    body: new URLSearchParams({ username, password, next: '/' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, accept: 'text/html' },
    redirect: 'manual',
  });
  const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0].trim()).filter((pair) => !pair.endsWith('='));
  const body = await response.text();
  if (response.status !== 303 || cookies.length === 0) throw new Error(`sign-in as ${username} failed: ${response.status} ${body.slice(0, 500)}`);
  return cookies.join('; ');
}

// ---------------------------------------------------------------- the routes

type ProbeKind = 'page data' | 'page data, as_of' | 'Arrow' | 'JSON' | 'report (HTML)' | 'download (CSV)';

interface Probe {
  /** `/u/[university_code]` */
  pattern: string;
  kind: ProbeKind;
  url: string;
  /** How the report names it, when not by its pattern. */
  label?: string;
}

/** Pages that hold no data: the sign-in and sign-out forms. */
const NOT_DATA_PAGES = new Set(['/login', '/logout']);

/** What a GET +server.ts returns and the query it is fetched with (besides the period). */
const API_ROUTES: Record<string, { kind: ProbeKind; query: (r: ServerReady) => Record<string, string> }> = {
  '/b/[branch_code]/attendance': { kind: 'Arrow', query: () => ({}) },
  '/b/[branch_code]/meetings': { kind: 'JSON', query: (r) => ({ month: r.month }) },
  '/u/[university_code]/cadence': { kind: 'Arrow', query: () => ({}) },
  // The HTML brief (the PDF is the same brief printed by chromium in the server).
  '/brief': { kind: 'report (HTML)', query: () => ({ format: 'html' }) },
  // Downloads of a page's full list (the page itself shows at most 500 rows).
  '/rectification/export': { kind: 'download (CSV)', query: () => ({ format: 'csv' }) },
  '/observation/export': { kind: 'download (CSV)', query: () => ({ format: 'csv', list: 'suggestions' }) },
};

function fill(pattern: string, samples: Record<string, string>): string {
  return pattern.replace(/\[(\w+)\]/g, (_, name: string) => {
    const code = samples[name];
    if (code === undefined) throw new Error(`route ${pattern}: no sample code for [${name}] (add it to bench/dashboard-server.ts)`);
    return encodeURIComponent(code);
  });
}

function discoverRoutes(ready: ServerReady): Probe[] {
  const out: Probe[] = [];
  const walk = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    const rel = path.relative(ROUTES_DIR, dir).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
    const pattern = '/' + rel.join('/');
    const read = (name: string) => (names.has(name) ? fs.readFileSync(path.join(dir, name), 'utf8') : '');
    const pageLoad = [read('+page.server.ts'), read('+page.ts')].some((src) => /export const load\b/.test(src));
    if (pageLoad && !NOT_DATA_PAGES.has(pattern)) {
      // What the client router fetches on navigation: the page's node only (the layout's data is kept).
      const dataPath = pattern === '/' ? '/__data.json' : `${fill(pattern, ready.samples)}/__data.json`;
      out.push({ pattern, kind: 'page data', url: `${dataPath}?x-sveltekit-invalidated=01` });
    }
    if (/export const GET\b/.test(read('+server.ts'))) {
      const api = API_ROUTES[pattern];
      if (!api) throw new Error(`GET ${pattern} is new: say in API_ROUTES of bench/dashboard.ts what it returns and which query it needs`);
      const query = new URLSearchParams({ period: ready.period, ...api.query(ready) });
      out.push({ pattern, kind: api.kind, url: `${fill(pattern, ready.samples)}?${query}` });
    }
    for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name));
  };
  walk(ROUTES_DIR);
  // The overview as of the 15th of the default period's second month: the figures of a date the
  // models were not built for (its first request builds them).
  const asOf = monthsOf(parsePeriod(ready.period)!)[1].start.replace(/-01$/, '-15');
  out.push({ pattern: '/', kind: 'page data, as_of', url: `/__data.json?as_of=${asOf}&x-sveltekit-invalidated=01`, label: `/?as_of=${asOf}` });
  for (const pattern of Object.keys(API_ROUTES)) {
    if (!out.some((p) => p.pattern === pattern && p.kind !== 'page data')) throw new Error(`API_ROUTES lists ${pattern}, which has no GET handler any more`);
  }
  return out.sort((a, b) => a.pattern.localeCompare(b.pattern) || a.kind.localeCompare(b.kind));
}

// ---------------------------------------------------------------- load

interface LevelResult {
  clients: number;
  /** Latencies of 2xx answers, ms. */
  ok: number[];
  bytes: number[];
  /** Non-2xx answers and errors: `303`, `500`, `TimeoutError`… → count. */
  failures: Map<string, number>;
  wallMs: number;
  /** The server process's CPU time over the level, ms. */
  serverCpuMs: number;
}

interface Outcome {
  ms: number;
  status: number | null;
  bytes: number;
  error: string | null;
}

async function timedGet(base: string, url: string, cookie: string): Promise<Outcome> {
  const started = performance.now();
  try {
    const response = await fetch(base + url, { headers: { cookie, accept: '*/*' }, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const body = await response.arrayBuffer();
    return { ms: performance.now() - started, status: response.status, bytes: body.byteLength, error: null };
  } catch (error) {
    const name = error instanceof Error ? `${error.name}: ${(error.cause as Error | undefined)?.message ?? error.message}` : String(error);
    return { ms: performance.now() - started, status: null, bytes: 0, error: name };
  }
}

function countFailure(failures: Map<string, number>, o: Outcome, prefix = ''): void {
  const key = prefix + (o.error ?? String(o.status));
  failures.set(key, (failures.get(key) ?? 0) + 1);
}

async function runLevel(server: ServerChild, probe: Probe, cookies: string[], clients: number): Promise<LevelResult> {
  const base = server.ready.url;
  const result: LevelResult = { clients, ok: [], bytes: [], failures: new Map(), wallMs: 0, serverCpuMs: 0 };
  const cpuBefore = await server.cpuMs();
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  let issued = 0;
  const worker = async (cookie: string) => {
    while (issued < MAX_REQUESTS && (issued < clients || performance.now() < deadline)) {
      issued++;
      const o = await timedGet(base, probe.url, cookie);
      if (o.status !== null && o.status >= 200 && o.status < 300) {
        result.ok.push(o.ms);
        result.bytes.push(o.bytes);
      } else {
        countFailure(result.failures, o);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => worker(cookies[i])));
  result.wallMs = performance.now() - started;
  result.serverCpuMs = (await server.cpuMs()) - cpuBefore;
  return result;
}

/** Nearest-rank percentile of `xs` (0 < p ≤ 1); NaN when empty. */
function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

const median = (xs: number[]) => percentile(xs, 0.5);

/** The server's CPU time per request of a level (failed ones included), ms. */
function cpuPerRequest(r: LevelResult): number {
  const n = r.ok.length + [...r.failures.values()].reduce((a, b) => a + b, 0);
  return n ? r.serverCpuMs / n : Number.NaN;
}

/** How busy the server process was over a level: CPU time / wall time, as a share of one core. */
const busy = (r: LevelResult) => `${Math.round((100 * r.serverCpuMs) / r.wallMs)}%`;

// ---------------------------------------------------------------- the overview in chromium

interface NavigationTiming {
  /** Response start of the page's HTML, ms from navigation start. */
  ttfb: number;
  domContentLoaded: number;
  /** The last chart's `finished`, ms from navigation start. */
  lastChart: number;
  charts: number;
}

/** Records, in the page, when each chart first got `data-drawn` (ms since navigation start). */
const RECORD_DRAWN = `(() => {
  const first = new Map();
  window.__zxDrawn = first;
  new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) {
      if (r.target instanceof Element && r.target.getAttribute('data-drawn') === 'true' && !first.has(r.target)) first.set(r.target, now);
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-drawn'] });
})();`;

async function navigateOverview(browser: Browser, base: string, username: string, password: string): Promise<{ cold: NavigationTiming; warm: NavigationTiming }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const signIn = await context.request.post(`${base}/login`, {
      form: { username, password, next: '/' },
      headers: { origin: base, accept: 'text/html' },
      maxRedirects: 0,
    });
    if (signIn.status() !== 303) throw new Error(`browser sign-in failed: ${signIn.status()} ${(await signIn.text()).slice(0, 300)}`);
    await context.addInitScript(RECORD_DRAWN);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    const once = async (): Promise<NavigationTiming> => {
      const response = await page.goto(`${base}/`, { waitUntil: 'commit', timeout: NAVIGATION_TIMEOUT_MS });
      if (!response || response.status() !== 200) throw new Error(`the overview answered ${response?.status() ?? 'nothing'} (${page.url()})`);
      // Every chart panel ends drawn, empty or in error; the error is an error of the run.
      await page.waitForFunction(
        () => {
          const figures = [...document.querySelectorAll('figure.chart')];
          return figures.length > 0 && figures.every((f) => f.querySelector('[data-drawn="true"], [data-state="empty"], .state.error'));
        },
        null,
        { timeout: NAVIGATION_TIMEOUT_MS },
      );
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const failed = [...document.querySelectorAll('figure.chart .state.error')].map((e) => e.textContent ?? '');
        const first = (window as unknown as { __zxDrawn: Map<Element, number> }).__zxDrawn;
        const drawn = [...document.querySelectorAll('[data-drawn="true"]')].map((e) => first.get(e));
        if (drawn.some((x) => x === undefined)) throw new Error('a chart was drawn before the observer saw it');
        return { ttfb: nav.responseStart, domContentLoaded: nav.domContentLoadedEventEnd, lastChart: Math.max(...(drawn as number[])), charts: drawn.length, failed };
      });
      if (t.failed.length) throw new Error(`overview charts failed: ${t.failed.join(' | ')}`);
      if (t.charts === 0) throw new Error('the overview drew no chart (all empty?): nothing to time');
      if (errors.length) throw new Error(`the overview reported errors:\n${errors.join('\n')}`);
      return { ttfb: t.ttfb, domContentLoaded: t.domContentLoaded, lastChart: t.lastChart, charts: t.charts };
    };
    const cold = await once();
    const warm = await once();
    return { cold, warm };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- report

const ms = (x: number) => (Number.isNaN(x) ? '—' : x < 10 ? x.toFixed(1) : x.toFixed(0));
const int = (n: number) => n.toLocaleString('en-US');

function bytesText(n: number): string {
  if (Number.isNaN(n)) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

async function main(): Promise<number> {
  const benchStarted = performance.now();
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: run bash scripts/ensure-browser.sh first`);
  log(`starting the dashboard on ${DB} (child process)…`);
  const server = await startServerChild();
  let report: string;
  let exitCode: number;
  try {
    ({ report, exitCode } = await measure(server, benchStarted));
  } catch (error) {
    // The measurement's error is the one to see; the server is stopped all the same.
    await server.stop().catch((stopError: unknown) => log(`stopping the server failed too: ${String(stopError)}`));
    throw error;
  }
  await server.stop();
  process.stdout.write(report + '\n');
  if (values.out) {
    fs.writeFileSync(values.out, report + '\n');
    log(`written to ${values.out}`);
  }
  return exitCode;
}

/** Everything but starting and stopping the server: the report and the exit code. */
async function measure(server: ServerChild, benchStarted: number): Promise<{ report: string; exitCode: number }> {
  let exitCode = 0;
  const loadBefore = os.loadavg()[0];
  const ready = server.ready;
  const base = ready.url;
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) throw new Error(`the server is not on loopback: ${base}`);
  log(`server at ${base} (PID ${ready.pid}, up in ${(ready.startMs / 1000).toFixed(1)} s); period ${ready.period}, as_of ${ready.asOf}`);
  // Downloads of full lists last: the garbage of megabytes of CSV would otherwise land in the
  // p95 of whichever navigation route comes next.
  const probes = discoverRoutes(ready).sort((a, b) => Number(a.kind === 'download (CSV)') - Number(b.kind === 'download (CSV)'));
  log(`${probes.length} routes: ${probes.map((p) => p.url).join(' ')}`);

  const sessions: string[] = [];
  for (let i = 0; i < Math.max(...LEVELS); i++) sessions.push(await signIn(base, ready.username, ready.password));

  const results: { probe: Probe; levels: LevelResult[]; warmUpFailures: Map<string, number>; firstMs: number }[] = [];
  for (const probe of probes) {
    const warmUpFailures = new Map<string, number>();
    let firstMs = Number.NaN;
    for (let i = 0; i < WARM_UP; i++) {
      const o = await timedGet(base, probe.url, sessions[0]);
      if (i === 0) firstMs = o.ms;
      if (o.status === null || o.status < 200 || o.status >= 300) countFailure(warmUpFailures, o, 'warm-up ');
    }
    log(`${probe.url} first request: ${ms(firstMs)} ms`);
    const levels: LevelResult[] = [];
    for (const clients of LEVELS) {
      const r = await runLevel(server, probe, sessions, clients);
      levels.push(r);
      const failed = [...r.failures.values()].reduce((a, b) => a + b, 0);
      log(
        `${probe.url} ×${clients}: n=${r.ok.length} p50 ${ms(median(r.ok))} p95 ${ms(percentile(r.ok, 0.95))} ms, server CPU ${ms(cpuPerRequest(r))} ms/request, ${busy(r)} of a core${failed ? `, ${failed} failed` : ''}`,
      );
    }
    results.push({ probe, levels, warmUpFailures, firstMs });
  }

  log(`the overview in chromium, ${RUNS} runs…`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
  const runs: { cold: NavigationTiming; warm: NavigationTiming }[] = [];
  let chromiumVersion: string;
  try {
    chromiumVersion = browser.version();
    for (let i = 0; i < RUNS; i++) {
      const r = await navigateOverview(browser, base, ready.username, ready.password);
      runs.push(r);
      log(`overview run ${i + 1}: cold ${ms(r.cold.lastChart)} ms, warm ${ms(r.warm.lastChart)} ms (${r.cold.charts} charts)`);
    }
  } finally {
    await browser.close();
  }

  // ---- the Markdown section
  const lines: string[] = [];
  const cpu = os.cpus();
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  lines.push('## Dashboard latency (`bench/dashboard.ts`)', '');
  lines.push(
    `Measured ${date} on ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${os.type()} ${os.release()}; chromium ${chromiumVersion}. ` +
      `Load average (1 min) ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end: anything well above the bench's own share means other work shared the cores.`,
  );
  const s = ready.size;
  lines.push(
    `Warehouse \`${DB}\` (${bytesText(s.fileBytes)}): ${int(s.attendance)} attendance rows, ${int(s.activities)} activities, ${int(s.members)} members, ${int(s.branches)} branches, ${int(s.universities)} universities; as_of ${ready.asOf}, default period ${ready.period}.`,
  );
  lines.push(
    `Server: \`startServer\` in a child process (its own event loop and DuckDB instance${values['memory-limit'] ? `, memory_limit ${values['memory-limit']}` : ''}), on 127.0.0.1. ` +
      `Clients: Node \`fetch\` with keep-alive, one session per client (province role), ${WARM_UP} warm-up requests per route, then per concurrency level up to ${MAX_REQUESTS} requests or ${SECONDS} s; ` +
      `latency = time to the last byte of a 2xx answer; p95 by nearest rank. Pages are fetched as the client router does on navigation (\`__data.json?x-sveltekit-invalidated=01\`); ` +
      `parameters are the largest units in ${ready.period}: university ${ready.samples.university_code}, college ${ready.samples.org_code}, branch ${ready.samples.branch_code} (month ${ready.month}), meeting ${ready.samples.activity_id}.`,
  );
  lines.push('');
  const head = ['route', 'fetched as', 'size', 'first'];
  for (const c of LEVELS) head.push(`n ×${c}`, `p50 ×${c}`, `p95 ×${c}`);
  head.push(`server CPU ms/req ×${LEVELS[0]}`, `server busy ×${LEVELS.at(-1)}`, 'failures');
  lines.push(`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`);
  const missed: string[] = [];
  let failedTotal = 0;
  const targetLevel = LEVELS.indexOf(TARGET_CONCURRENCY);
  for (const { probe, levels, warmUpFailures, firstMs } of results) {
    const cells = [`\`${probe.label ?? probe.pattern}\``, probe.kind, bytesText(median(levels.flatMap((l) => l.bytes))), ms(firstMs)];
    const failures = new Map(warmUpFailures);
    for (const l of levels) {
      cells.push(String(l.ok.length), ms(median(l.ok)), ms(percentile(l.ok, 0.95)));
      for (const [k, v] of l.failures) failures.set(`${k} ×${l.clients}`, (failures.get(`${k} ×${l.clients}`) ?? 0) + v);
    }
    const failed = [...failures.values()].reduce((a, b) => a + b, 0);
    failedTotal += failed;
    cells.push(ms(cpuPerRequest(levels[0])), busy(levels.at(-1)!));
    cells.push(failed ? [...failures].map(([k, v]) => `${v}× ${k}`).join(', ') : '0');
    lines.push(`| ${cells.join(' | ')} |`);
    // A download of a full list is not a view an analyst waits on while navigating: measured, not held to the target.
    if (targetLevel >= 0 && probe.kind !== 'download (CSV)') {
      const l = levels[targetLevel];
      const p95 = percentile(l.ok, 0.95);
      if (!(p95 < TARGET_P95_MS) || l.failures.size > 0) missed.push(`\`${probe.label ?? probe.pattern}\` (${ms(p95)} ms)`);
    }
  }
  lines.push('');
  lines.push(
    `Sizes are of one answer (median). Times in ms. First: the first request of the route since the server started, the one whose reads go to the warehouse ` +
      `(page results are kept until the data changes; for the as_of row it includes building every model for that date); the levels after it are answered from kept results, ` +
      `except what is written or read per request: the session check (kept for up to 30 s), audit entries of member-level views, the audit log. ` +
      `Server CPU: the server process's user + system time (all threads, DuckDB's included) over the level, per request; ` +
      `busy: that CPU time over the level's wall time, in % of one core (${os.cpus().length} cores here).`,
    '',
  );

  const cold = runs.map((r) => r.cold);
  const warm = runs.map((r) => r.warm);
  lines.push('| overview in chromium | runs | HTML first byte | DOMContentLoaded | last chart drawn (median) | min | max |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, xs] of [
    ['cold (new context)', cold],
    ['warm (same page again)', warm],
  ] as const) {
    const last = xs.map((x) => x.lastChart);
    lines.push(
      `| ${name} | ${xs.length} | ${ms(median(xs.map((x) => x.ttfb)))} | ${ms(median(xs.map((x) => x.domContentLoaded)))} | ${ms(median(last))} | ${ms(Math.min(...last))} | ${ms(Math.max(...last))} |`,
    );
  }
  lines.push('');
  lines.push(
    `Times in ms from navigation start, taken in the page (Navigation Timing; a MutationObserver on \`data-drawn\`, which a chart gets on ECharts' \`finished\` event — after its ${'300 ms'} entry animation). ` +
      `Viewport 1366×768, ${cold[0]?.charts ?? 0} ECharts charts on the overview.`,
    '',
  );

  const coldMedian = median(cold.map((x) => x.lastChart));
  const targeted = results.filter((r) => r.probe.kind !== 'download (CSV)').length;
  lines.push('Targets:', '');
  if (targetLevel < 0) {
    lines.push(`- p95 < ${TARGET_P95_MS} ms at ${TARGET_CONCURRENCY} clients on every route: **not measured** (no ${TARGET_CONCURRENCY} in --clients).`);
  } else if (missed.length === 0) {
    lines.push(`- p95 < ${TARGET_P95_MS} ms at ${TARGET_CONCURRENCY} clients on every route (downloads of full lists aside): **met** (all ${targeted} routes).`);
  } else {
    lines.push(`- p95 < ${TARGET_P95_MS} ms at ${TARGET_CONCURRENCY} clients on every route (downloads of full lists aside): **not met** on ${missed.length} of ${targeted}: ${missed.join(', ')}.`);
  }
  const coldMet = coldMedian < TARGET_COLD_MS;
  lines.push(`- overview cold, navigation to the last chart drawn < ${TARGET_COLD_MS / 1000} s: **${coldMet ? 'met' : 'not met'}** (median ${ms(coldMedian)} ms).`);
  if (failedTotal > 0) {
    lines.push(`- failures: **${failedTotal}** requests were not answered 2xx (see the table).`);
    exitCode = 1;
  }
  lines.push('', `The whole bench took ${((performance.now() - benchStarted) / 1000).toFixed(0)} s (server start ${(ready.startMs / 1000).toFixed(1)} s).`, '');
  return { report: lines.join('\n'), exitCode };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[bench] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

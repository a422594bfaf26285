/**
 * Access control of the running dashboard over HTTP (fetch + cookies, no browser), on the
 * browser-test fixture (U001 合肥示范大学 with colleges U001-C1, U001-C2; U002; U003):
 *
 * - a role × route matrix built from dashboard/src/routes (a new route is covered by itself):
 *   each role against every page, API route, export and the brief, with codes inside and
 *   outside its scope; the status, and no foreign university's code or name in any body;
 * - sign-in: one message for a wrong password or an unknown name, throttling with the wait
 *   stated, same-origin `next` only; the session cookie's attributes; logout;
 * - idle and absolute expiry with the server's clock injected; back to the page asked for;
 * - cross-site mutations refused; security headers;
 * - uploads: a university user's rows of another university quarantined; a college user refused;
 * - the audit log: member-level views, exports, the brief; /audit for the province only;
 * - no ID number in any page, nor in the database file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureWarehouse, fixtureRows } from '../browser/fixture-data.ts';
import { createTestUsers, HttpClient, signedInClient, TEST_USERS } from '../browser/auth.ts';
import { startServer, ROOT, type RunningServer } from '../../dashboard/server/start.ts';
import { addUser } from '../../auth/users.ts';
import { listAudit } from '../../auth/audit.ts';
import { LoginRateLimiter } from '../../auth/rate-limit.ts';
import { DEFAULT_SESSION_POLICY } from '../../auth/sessions.ts';
import type { Role } from '../../auth/scope.ts';
import { ANOMALY_KEY_SQL } from '../../dashboard/src/lib/server/queries/anomaly-key.ts';

const MIN = 60_000;
let dir: string;
let server: RunningServer;
let base: string;
/** The server's clock (injected through the auth settings slot, $lib/server/auth.ts). */
let clock = Date.parse('2024-07-03T09:00:00+08:00');

const ID_NUMBERS = ['340104199001011234', '34010419851212567X'];
const CLEAR_NAMES = ['欧阳明华', '司马青云'];
const THROTTLED = { username: 'test-throttled', password: 'throttled-pass-phrase-1' };

// ---------------------------------------------------------------- the routes, from the folder

interface Route {
  /** `/u/[university_code]` */
  pattern: string;
  page: boolean;
  /** HTTP methods of a +server.ts. */
  methods: string[];
  /** The page has form actions (mutations, tested below). */
  actions: boolean;
}

function walkRoutes(): Route[] {
  const rootDir = path.join(ROOT, 'dashboard', 'src', 'routes');
  const out: Route[] = [];
  const walk = (d: string) => {
    const files = fs.readdirSync(d, { withFileTypes: true });
    const names = new Set(files.filter((f) => f.isFile()).map((f) => f.name));
    const rel = path.relative(rootDir, d).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
    const pattern = '/' + rel.join('/');
    const page = names.has('+page.svelte') || names.has('+page.server.ts') || names.has('+page.ts');
    const serverFile = names.has('+server.ts') ? fs.readFileSync(path.join(d, '+server.ts'), 'utf8') : '';
    const methods = [...serverFile.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
    const pageServer = names.has('+page.server.ts') ? fs.readFileSync(path.join(d, '+page.server.ts'), 'utf8') : '';
    if (page || methods.length) out.push({ pattern, page, methods, actions: /export const actions\b/.test(pageServer) });
    for (const f of files) if (f.isDirectory()) walk(path.join(d, f.name));
  };
  walk(rootDir);
  return out.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

const ROUTES = walkRoutes();

/** Which units a sample code stands for: U001-C1 (everyone's), U001-C2 (a sibling college), U002 (foreign). */
type SampleKind = 'own' | 'sibling' | 'foreign';

function activityOf(branch: string): string {
  const a = fixtureRows().activities.find((x) => x.branch_code === branch && String(x.started_at).startsWith('2024-05'));
  if (!a) throw new Error(`no May 2024 activity in ${branch}`);
  return String(a.activity_id);
}

/** Codes for every route parameter; a route with a parameter not listed here fails the test. */
const SAMPLES: Record<string, Partial<Record<SampleKind, string>>> = {
  university_code: { own: 'U001', foreign: 'U002' },
  org_code: { own: 'U001-C1', sibling: 'U001-C2', foreign: 'U002-C1' },
  branch_code: { own: 'U001-C1-B1', sibling: 'U001-C2-B1', foreign: 'U002-C1-B1' },
  activity_id: { own: activityOf('U001-C1-B1'), sibling: activityOf('U001-C2-B1'), foreign: activityOf('U002-C1-B1') },
};

/** Query parameters some endpoints need. */
const EXTRA_QUERY: Record<string, string> = {
  '/b/[branch_code]/meetings': 'month=2024-05',
  '/brief': 'format=html',
  // The full lists, as text (CSV): every branch of the scope, so another university's would show.
  '/rectification/export': 'format=csv',
  '/observation/export': 'list=suggestions&top=0&format=csv',
};

/** Mutations, each tested by a test of its own below. */
const MUTATIONS_TESTED = new Set(['POST /data/upload', 'POST /audit/export', 'ACTIONS /anomalies', 'ACTIONS /login', 'ACTIONS /logout']);

interface Probe {
  route: Route;
  url: string;
  sample: SampleKind | null;
}

function probes(): Probe[] {
  const out: Probe[] = [];
  for (const route of ROUTES) {
    if (!route.page && !route.methods.includes('GET')) continue;
    const params = [...route.pattern.matchAll(/\[(\w+)\]/g)].map((m) => m[1]);
    const query = ['period=2024Q2', EXTRA_QUERY[route.pattern]].filter(Boolean).join('&');
    if (!params.length) {
      out.push({ route, url: `${route.pattern}?${query}`, sample: null });
      continue;
    }
    for (const p of params) if (!SAMPLES[p]) throw new Error(`route ${route.pattern}: add sample codes for [${p}] to SAMPLES`);
    for (const kind of ['own', 'sibling', 'foreign'] as const) {
      const codes = params.map((p) => SAMPLES[p][kind]);
      if (codes.some((c) => c === undefined)) continue;
      let i = 0;
      const url = route.pattern.replace(/\[(\w+)\]/g, () => encodeURIComponent(codes[i++]!));
      out.push({ route, url: `${url}?${query}`, sample: kind });
    }
  }
  return out;
}

/** The statuses a role may get for a probe. */
function expectedStatus(role: Role, probe: Probe): number[] {
  const pattern = probe.route.pattern;
  if (pattern === '/login') return [303]; // signed in already: on to the dashboard
  if (pattern === '/audit') return role === 'province' ? [200] : [404];
  if (pattern === '/brief' && role === 'college') return [403];
  const outside = (probe.sample === 'foreign' && role !== 'province') || (probe.sample === 'sibling' && role === 'college');
  if (outside) return [403, 404];
  // A college user sees its college, never its whole university.
  if (pattern === '/u/[university_code]' && role === 'college') return [404];
  // … and is sent from the universities' ranking to its branches', a university user to its
  // colleges' (tested below).
  if (pattern === '/rankings' && role !== 'province') return [303];
  return [200];
}

/** What must never reach a role: other universities' codes and names (and, for a college, its sibling). */
function forbiddenIn(role: Role): RegExp[] {
  if (role === 'province') return [];
  const others = [/(?<![A-Za-z0-9])U00[23](?![0-9])/, /芜湖职业技术学院/, /安庆师范学院/];
  return role === 'college' ? [...others, /(?<![A-Za-z0-9])U001-C2(?![0-9])/] : others;
}

/** The body, less echoes of the URL asked for (the language link repeats it; it tells nothing). */
function withoutEcho(body: string, url: string): string {
  const pathname = url.split('?')[0];
  let out = body;
  for (const echo of [url, url.replaceAll('&', '&amp;'), pathname, encodeURIComponent(pathname)]) out = out.split(echo).join('');
  return out;
}

// ---------------------------------------------------------------- server

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-access-'));
  const dbPath = path.join(dir, 'w.duckdb');
  await createFixtureWarehouse(dbPath);
  // The clock and the throttle of the running app (read by $lib/server/auth.ts authSettings()).
  (globalThis as Record<symbol, unknown>)[Symbol.for('zhixiao.dashboard.auth')] = {
    policy: DEFAULT_SESSION_POLICY,
    now: () => clock,
    limiter: new LoginRateLimiter({ now: () => clock }),
  };
  server = await startServer({ dbPath, port: 0, log: () => {} });
  base = server.url;
  await createTestUsers(server.warehouse);
  await addUser(server.warehouse, { username: THROTTLED.username, role: 'university', scope: 'U002', password: THROTTLED.password });
  // Members with ID numbers and clear names, uploaded by the province through the dashboard.
  const province = await signedInClient(base, 'province');
  const form = new FormData();
  const csv = ['党员编号,姓名,身份证号,党员类别,所在支部代码', `MX1,${CLEAR_NAMES[0]},${ID_NUMBERS[0]},正式党员,U001-C1-B1`, `MX2,${CLEAR_NAMES[1]},${ID_NUMBERS[1]},正式党员,U001-C1-B1`].join('\n');
  form.append('files', new File([csv], '党员信息导出.csv', { type: 'text/csv' }));
  const response = await province.post('/data/upload', form);
  const lines = (await response.text()).trim().split('\n').map((l) => JSON.parse(l) as { type: string; report?: { quarantined: unknown[] } });
  const report = lines.find((l) => l.type === 'report');
  if (!report || report.report!.quarantined.length) throw new Error(`the province upload failed: ${JSON.stringify(lines.at(-1))}`);
}, 300_000);

afterAll(async () => {
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const bodies: { role: Role; url: string; body: string }[] = [];

// ---------------------------------------------------------------- the matrix

describe('the role × route matrix', () => {
  it('covers every route of dashboard/src/routes, and every mutation has its own test', () => {
    expect(ROUTES.map((r) => r.pattern)).toEqual(expect.arrayContaining(['/', '/u/[university_code]', '/b/[branch_code]', '/login', '/audit']));
    for (const route of ROUTES) {
      for (const m of route.methods.filter((x) => x !== 'GET')) expect(MUTATIONS_TESTED, `${m} ${route.pattern} needs a test of its scope`).toContain(`${m} ${route.pattern}`);
      if (route.actions) expect(MUTATIONS_TESTED, `the actions of ${route.pattern} need a test of their scope`).toContain(`ACTIONS ${route.pattern}`);
    }
  });

  for (const role of ['province', 'university', 'college'] as const) {
    it(`gives the ${role} user the right status on every route, and nothing of other universities`, async () => {
      const client = await signedInClient(base, role);
      const failures: string[] = [];
      const probeList = probes();
      for (const probe of probeList) {
        const response = await client.get(probe.url, { accept: probe.route.page ? 'text/html' : '*/*' });
        const body = Buffer.from(await response.arrayBuffer()).toString('utf8');
        bodies.push({ role, url: probe.url, body });
        const allowed = expectedStatus(role, probe);
        if (!allowed.includes(response.status)) failures.push(`${probe.url}: ${response.status}, expected ${allowed.join(' or ')}`);
        for (const re of forbiddenIn(role)) if (re.test(withoutEcho(body, probe.url))) failures.push(`${probe.url}: the body shows ${re}`);
      }
      expect(failures).toEqual([]);
      expect(probeList.length).toBeGreaterThan(20);
    });

    it(`keeps the ${role} user to its own university in a URL filter`, async () => {
      const client = await signedInClient(base, role);
      for (const route of ROUTES.filter((r) => (r.page || r.methods.includes('GET')) && !r.pattern.includes('[') && !['/login', '/logout', '/audit'].includes(r.pattern))) {
        const url = `${route.pattern}?period=2024Q2&university=U002${EXTRA_QUERY[route.pattern] ? `&${EXTRA_QUERY[route.pattern]}` : ''}`;
        const response = await client.get(url, { accept: route.page ? 'text/html' : '*/*' });
        expect(response.status, route.pattern).toBe(role === 'province' ? 200 : 404);
        const body = await response.text();
        for (const re of forbiddenIn(role)) expect(re.test(withoutEcho(body, url)), `${url} shows ${re}`).toBe(false);
      }
    });
  }

  it('asks for a session on every route but /login: pages go to /login with `next`, API routes answer 401', async () => {
    const anonymous = new HttpClient(base);
    for (const probe of probes().filter((p) => p.sample !== 'foreign' && p.sample !== 'sibling')) {
      if (probe.route.pattern === '/login') continue;
      const page = await anonymous.get(probe.url, { accept: 'text/html' });
      expect(page.status, probe.url).toBe(303);
      expect(page.headers.get('location')).toBe(`/login?next=${encodeURIComponent(probe.url)}`);
      const api = await anonymous.get(probe.url, { accept: 'application/json' });
      expect(api.status, probe.url).toBe(401);
      expect(await api.json()).toEqual({ message: '请先登录。' });
    }
    expect((await anonymous.get('/login')).status).toBe(200);
  });
});

// ---------------------------------------------------------------- personal data

describe('personal data', () => {
  it('no page or API response shows an ID number or a clear name', () => {
    expect(bodies.length).toBeGreaterThan(60);
    for (const { url, body } of bodies) {
      for (const id of ID_NUMBERS) expect(body.includes(id), `${id} in ${url}`).toBe(false);
      for (const name of CLEAR_NAMES) expect(body.includes(name), `${name} in ${url}`).toBe(false);
    }
  });

  it('the database file holds no ID number after a checkpoint', async () => {
    const c = await server.warehouse.connect();
    try {
      await c.run('CHECKPOINT');
      const n = (await c.runAndReadAll("select count(*)::integer from members where member_id in ('MX1', 'MX2') and id_hash is not null")).getRows()[0][0];
      expect(n).toBe(2); // they were loaded, hashed
    } finally {
      c.closeSync();
    }
    for (const file of [path.join(dir, 'w.duckdb'), path.join(dir, 'w.duckdb.wal')].filter((f) => fs.existsSync(f))) {
      const bytes = fs.readFileSync(file);
      // the scan sees stored text: an org name is there in clear
      if (file.endsWith('.duckdb')) expect(bytes.includes(Buffer.from('马克思主义学院党委'))).toBe(true);
      for (const id of ID_NUMBERS) expect(bytes.includes(Buffer.from(id)), `${id} in ${path.basename(file)}`).toBe(false);
      for (const name of CLEAR_NAMES) expect(bytes.includes(Buffer.from(name)), `${name} in ${path.basename(file)}`).toBe(false);
    }
  });
});

// ---------------------------------------------------------------- sign-in, sessions

function loginForm(username: string, password: string, next = '/'): URLSearchParams {
  return new URLSearchParams({ username, password, next });
}
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function alertText(html: string): string | null {
  return /data-testid="login-error"[^>]*>([^<]*)</.exec(html)?.[1] ?? null;
}

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie (not Secure over http) and goes to `next`', async () => {
    const client = new HttpClient(base);
    const response = await client.post('/login', loginForm(TEST_USERS.university.username, TEST_USERS.university.password, '/rankings?period=2024Q2'), FORM);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/rankings?period=2024Q2');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('zx_session='))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).toMatch(/; Max-Age=43200/i);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it('gives one message for a wrong password and for an unknown name', async () => {
    const wrong = await new HttpClient(base).post('/login', loginForm(TEST_USERS.university.username, 'not-the-password'), FORM);
    const unknown = await new HttpClient(base).post('/login', loginForm('nobody-at-all', 'not-the-password'), FORM);
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(alertText(await wrong.text())).toBe('用户名或密码错误。');
    expect(alertText(await unknown.text())).toBe('用户名或密码错误。');
  });

  it('throttles a name after 5 failures, saying in Chinese how long to wait', async () => {
    for (let i = 0; i < 5; i++) expect((await new HttpClient(base).post('/login', loginForm(THROTTLED.username, `guess-${i}`), FORM)).status).toBe(400);
    const refused = await new HttpClient(base).post('/login', loginForm(THROTTLED.username, THROTTLED.password), FORM);
    expect(refused.status).toBe(429);
    expect(alertText(await refused.text())).toBe('登录失败次数过多，为保护账号已暂停登录：请 15 分钟后再试。');
  });

  it('only follows `next` to a path of this site', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const client = new HttpClient(base);
      const response = await client.post('/login', loginForm(TEST_USERS.province.username, TEST_USERS.province.password, next), FORM);
      expect(response.headers.get('location'), next).toBe('/');
      const form = await (await new HttpClient(base).get(`/login?next=${encodeURIComponent(next)}`)).text();
      expect(form).toContain('name="next" value="/"');
    }
  });

  it('ends the session on logout, and the old cookie opens nothing', async () => {
    const client = await signedInClient(base, 'university');
    const token = client.cookies.get('zx_session')!;
    const response = await client.post('/logout', new URLSearchParams(), FORM);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?bye=1');
    expect(client.cookies.has('zx_session')).toBe(false);
    const replay = new HttpClient(base);
    replay.cookies.set('zx_session', token);
    expect((await replay.get('/rankings')).status).toBe(303);
  });
});

describe('session expiry (the server clock injected)', () => {
  it('ends a session after 30 minutes idle; /login says so and returns to the page asked for', async () => {
    const client = await signedInClient(base, 'university');
    clock += 29 * MIN;
    expect((await client.get('/cases?period=2024Q2')).status).toBe(200);
    clock += 29 * MIN;
    expect((await client.get('/cases?period=2024Q2')).status).toBe(200);
    clock += 31 * MIN;
    const expired = await client.get('/cases?period=2024Q2');
    expect(expired.status).toBe(303);
    const location = expired.headers.get('location')!;
    expect(location).toBe(`/login?next=${encodeURIComponent('/cases?period=2024Q2')}&expired=1`);
    expect(await (await client.get(location)).text()).toContain('登录已过期');
    const again = await client.signIn(TEST_USERS.university, '/cases?period=2024Q2');
    expect(again.headers.get('location')).toBe('/cases?period=2024Q2');
  });

  it('ends a session 12 hours after sign-in even when it is used all the time', async () => {
    const client = await signedInClient(base, 'college');
    for (let t = 25; t < 12 * 60; t += 25) {
      clock += 25 * MIN;
      const r = await client.get('/cases?period=2024Q2');
      expect(r.status, `after ${t} minutes`).toBe(200);
      await r.arrayBuffer();
    }
    clock += 25 * MIN;
    const expired = await client.get('/cases?period=2024Q2');
    expect(expired.status).toBe(303);
    expect(expired.headers.get('location')).toContain('expired=1');
  });

  it('records expiries in the audit log', async () => {
    const { rows } = await listAudit(server.warehouse, { action: 'session_expired' });
    expect(rows.map((r) => [r.username, r.detail])).toEqual(
      expect.arrayContaining([
        [TEST_USERS.university.username, '闲置超时'],
        [TEST_USERS.college.username, '超过最长会话时间'],
      ]),
    );
  });
});

// ---------------------------------------------------------------- cross-site requests, headers

describe('cross-site requests and headers', () => {
  it('refuses a POST from another origin: forms, JSON and uploads alike', async () => {
    const client = await signedInClient(base, 'province');
    const evil = { origin: 'https://evil.example' };
    expect((await client.post('/logout', new URLSearchParams(), { ...FORM, ...evil })).status).toBe(403);
    expect((await client.post('/anomalies?/review', new URLSearchParams({ key: 'a'.repeat(64), status: '误报' }), { ...FORM, ...evil })).status).toBe(403);
    expect((await client.post('/audit/export', JSON.stringify({ file: 'x', format: 'csv' }), { 'content-type': 'application/json', ...evil })).status).toBe(403);
    const form = new FormData();
    form.append('files', new File(['高校代码,高校名称,所在地市\nU009,假大学,合肥\n'], 'u.csv'));
    expect((await client.post('/data/upload', form, evil)).status).toBe(403);
    // no Origin and no Sec-Fetch-Site: not from a page of this site either
    const bare = await fetch(base + '/audit/export', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', cookie: `zx_session=${client.cookies.get('zx_session')}` } });
    expect(bare.status).toBe(403);
    expect((await client.get('/cases')).status).toBe(200); // still signed in: the refused logout did nothing
  });

  it('sends the security headers on pages, API routes and errors', async () => {
    const client = await signedInClient(base, 'province');
    for (const [url, accept] of [['/', 'text/html'], ['/u/U001/cadence?period=2024Q2', '*/*'], ['/no/such/page', 'text/html'], ['/login', 'text/html']] as const) {
      const r = await client.get(url, { accept });
      expect(r.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), url).toBe('DENY');
      expect(r.headers.get('referrer-policy'), url).toBe('same-origin');
      expect(r.headers.get('content-security-policy'), url).toContain("frame-ancestors 'none'");
      await r.arrayBuffer();
    }
    const page = await client.get('/');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('cache-control')).toContain('no-store');
  });
});

// ---------------------------------------------------------------- uploads

async function upload(client: HttpClient, files: Record<string, string>): Promise<{ status: number; lines: Record<string, unknown>[] }> {
  const form = new FormData();
  for (const [name, text] of Object.entries(files)) form.append('files', new File([text], name, { type: 'text/csv' }));
  const response = await client.post('/data/upload', form, { accept: 'application/json' });
  const text = await response.text();
  return { status: response.status, lines: response.status === 200 ? text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [JSON.parse(text) as Record<string, unknown>] };
}

describe('uploads', () => {
  it('quarantine, for a university user, the rows of another university, with the reason', async () => {
    const client = await signedInClient(base, 'university');
    const { status, lines } = await upload(client, {
      '组织生活记录.csv': [
        '活动编号,支部代码,活动类型,活动主题,开始时间',
        'UP-1,U001-C1-B1,主题党日,本校的会,2024-06-20 14:00',
        'UP-2,U002-C1-B1,主题党日,别校的会,2024-06-20 14:00',
      ].join('\n'),
    });
    expect(status).toBe(200);
    const report = lines.find((l) => l.type === 'report')!.report as { run_id: string; quarantined: { line: number; column: string; reason: string }[] };
    expect(report.quarantined).toEqual([
      expect.objectContaining({ line: 3, column: 'branch_code', reason: '本行的「支部代码」(branch_code)不属于本校（U001）：高校用户只能导入本校的数据，本行未导入。' }),
    ]);
    const c = await server.warehouse.connect();
    try {
      expect((await c.runAndReadAll("select activity_id from activities where activity_id like 'UP-%'")).getRows()).toEqual([['UP-1']]);
    } finally {
      c.closeSync();
    }
    // the run is the university's own: on its data page; not on another university's
    const own = await (await client.get(`/data?run=${report.run_id}`)).text();
    expect(own).toContain('上传/组织生活记录.csv');
    const college = await (await (await signedInClient(base, 'college')).get(`/data?run=${report.run_id}`)).text();
    expect(college).not.toContain('上传/组织生活记录.csv');
    const province = await (await (await signedInClient(base, 'province')).get(`/data?run=${report.run_id}`)).text();
    expect(province).toContain('上传/组织生活记录.csv');
    const { rows } = await listAudit(server.warehouse, { action: 'upload', username: TEST_USERS.university.username });
    expect(rows[0]).toMatchObject({ target: report.run_id, role: 'university', scope_code: 'U001' });
  });

  it('send a college user to its own branches\' ranking, a university user to its colleges\', in the URL', async () => {
    const college = await signedInClient(base, 'college');
    const first = await college.get('/rankings?period=2024Q1');
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/rankings?period=2024Q1&level=branch&university=U001');
    const ranking = await college.get(first.headers.get('location')!);
    expect(ranking.status).toBe(200);
    const html = await ranking.text();
    expect(html).toContain('U001-C1-B1');
    expect(html).not.toMatch(/U001-C2-B\d/);
    // a university user: its colleges, unless it asks for the universities' level (its own row)
    const university = await signedInClient(base, 'university');
    const own = await university.get('/rankings?period=2024Q1');
    expect(own.headers.get('location')).toBe('/rankings?period=2024Q1&level=college&university=U001');
    const colleges = await (await university.get(own.headers.get('location')!)).text();
    expect(colleges).toContain('U001-C1');
    expect(colleges).toContain('U001-C2');
    expect((await university.get('/rankings?period=2024Q1&level=university')).status).toBe(200);
  });

  it('are refused to a college user', async () => {
    const { status, lines } = await upload(await signedInClient(base, 'college'), { 'u.csv': '高校代码,高校名称,所在地市\nU001,合肥示范大学,合肥\n' });
    expect(status).toBe(403);
    expect(lines[0].message).toContain('院系用户不能上传数据');
  });

  it('and the brief are offered only to whom the server gives them: not the upload box nor the brief buttons to a college user', async () => {
    const college = await signedInClient(base, 'college');
    const data = await (await college.get('/data')).text();
    expect(data).toContain('data-testid="upload-not-for-college"');
    expect(data).not.toContain('type="file"');
    for (const page of ['/', '/rankings?level=branch&university=U001']) expect(await (await college.get(page)).text()).not.toContain('data-testid="brief-pdf"');
    const university = await signedInClient(base, 'university');
    expect(await (await university.get('/data')).text()).toContain('type="file"');
    // the brief from the rankings as from the overview (dashboard.md: 排名 … the brief)
    for (const page of ['/', '/rankings?level=college&university=U001']) expect(await (await university.get(page)).text()).toContain('data-testid="brief-pdf"');
  });
});

// ---------------------------------------------------------------- anomaly follow-up (a form action)

/** The key of the 2023 A07 anomaly of `branch` (fixture: one per branch with an inconsistent rating). */
async function anomalyKey(branch: string): Promise<string> {
  const c = await server.warehouse.connect();
  try {
    const rows = (await c.runAndReadAll(`select ${ANOMALY_KEY_SQL} from mart_anomalies as a where a.code = 'A07_rating_inconsistent' and a.branch_code = $1`, [branch])).getRows();
    if (rows.length !== 1) throw new Error(`expected one A07 anomaly of ${branch}, found ${rows.length}`);
    return String(rows[0][0]);
  } finally {
    c.closeSync();
  }
}

describe('setting an anomaly’s status', () => {
  const review = (client: HttpClient, key: string) =>
    client.post('/anomalies?/review&period=2023', new URLSearchParams({ key, status: '已核实', note: '核实' }), FORM);

  it('works inside the scope and is recorded under the user’s name', async () => {
    const client = await signedInClient(base, 'college');
    const key = await anomalyKey('U001-C1-B1');
    const response = await review(client, key);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const c = await server.warehouse.connect();
    try {
      expect((await c.runAndReadAll('select reviewed_by, status from anomaly_reviews where anomaly_key = $1', [key])).getRows()).toEqual([[TEST_USERS.college.username, '已核实']]);
    } finally {
      c.closeSync();
    }
    const { rows } = await listAudit(server.warehouse, { action: 'anomaly_status', username: TEST_USERS.college.username });
    expect(rows[0]).toMatchObject({ target: key, detail: '已核实：核实' });
  });

  it('finds no anomaly outside the scope (404), and records nothing', async () => {
    const college = await signedInClient(base, 'college');
    const university = await signedInClient(base, 'university');
    for (const [client, branch] of [[college, 'U001-C2-B1'], [college, 'U002-C1-B1'], [university, 'U002-C1-B1']] as const) {
      const key = await anomalyKey(branch);
      const response = await review(client, key);
      expect(response.status, branch).toBe(404);
      expect(await response.text()).not.toMatch(/芜湖职业技术学院/);
      const c = await server.warehouse.connect();
      try {
        expect((await c.runAndReadAll('select count(*)::integer from anomaly_reviews where anomaly_key = $1', [key])).getRows()[0][0]).toBe(0);
      } finally {
        c.closeSync();
      }
    }
  });
});

// ---------------------------------------------------------------- the audit log

describe('the audit log', () => {
  it('records who viewed member-level pages (the attendance matrix, cadres), and when', async () => {
    const { rows } = await listAudit(server.warehouse, { action: 'view_members', username: TEST_USERS.university.username, limit: 1000 });
    const targets = rows.map((r) => r.target);
    expect(targets).toEqual(expect.arrayContaining(['/b/U001-C1-B1?period=2024Q2', '/b/U001-C1-B1/attendance?period=2024Q2', '/cadres?period=2024Q2']));
    expect(targets.some((t) => t?.startsWith('/b/U002'))).toBe(false); // refused views are not "views"
    expect(rows[0]).toMatchObject({ role: 'university', scope_code: 'U001', address: expect.stringMatching(/127\.0\.0\.1/) });
    expect(rows[0].logged_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('records every view of a member-level page, also when its answer is served from kept bytes', async () => {
    const client = await signedInClient(base, 'college');
    const url = '/b/U001-C1-B1/__data.json?period=2024Q1&x-sveltekit-invalidated=01';
    const count = async () =>
      (await listAudit(server.warehouse, { action: 'view_members', username: TEST_USERS.college.username, limit: 1000 })).rows.filter(
        (r) => r.target === '/b/U001-C1-B1?period=2024Q1',
      ).length;
    const before = await count();
    const first = await (await client.get(url, { accept: '*/*' })).text();
    const second = await (await client.get(url, { accept: '*/*' })).text();
    expect(second).toBe(first);
    expect(await count()).toBe(before + 2);
  });

  it('records exports made in the browser and the brief', async () => {
    const client = await signedInClient(base, 'university');
    const r = await client.post('/audit/export', JSON.stringify({ file: '支部出勤', format: 'xlsx', rows: 42, page: '/b/U001-C1-B1' }), { 'content-type': 'application/json' });
    expect(r.status).toBe(200);
    expect((await client.post('/audit/export', JSON.stringify({ file: 'x', format: 'exe' }), { 'content-type': 'application/json' })).status).toBe(400);
    const exports = (await listAudit(server.warehouse, { action: 'export', username: TEST_USERS.university.username })).rows;
    expect(exports[0]).toMatchObject({ target: '支部出勤.xlsx', detail: 'XLSX，42 行；页面 /b/U001-C1-B1' });
    const briefs = (await listAudit(server.warehouse, { action: 'brief', username: TEST_USERS.university.username })).rows;
    expect(briefs[0]).toMatchObject({ detail: 'HTML，U001，2024Q2' });
  });

  it('is on /audit for the province only', async () => {
    const province = await signedInClient(base, 'province');
    const page = await province.get(`/audit?user=${TEST_USERS.university.username}&action=view_members`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('查看党员信息');
    expect(html).toContain('/b/U001-C1-B1?period=2024Q2');
    expect((await (await signedInClient(base, 'university')).get('/audit')).status).toBe(404);
  });
});

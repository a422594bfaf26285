/**
 * Signing in for tests: the test users of the fixture warehouse (one per role, scoped to
 * U001 and its college U001-C1), created in the running server's warehouse, and a sign-in
 * through the real /login form, by fetch (HTTP tests) or in a browser context (chromium).
 */
import type { BrowserContext } from 'playwright-core';
import type { Warehouse } from '../../warehouse/database.ts';
import { addUser, findUser } from '../../auth/users.ts';
import type { Role } from '../../auth/scope.ts';

export interface TestUser {
  username: string;
  password: string;
  role: Role;
  scope: string | null;
}

/** One user per role; U001 is 合肥示范大学 and U001-C1 its 马克思主义学院党委 (fixture-data.ts). */
export const TEST_USERS: Record<Role, TestUser> = {
  province: { username: 'test-province', password: 'province-pass-phrase-1', role: 'province', scope: null },
  university: { username: 'test-university', password: 'university-pass-phrase-1', role: 'university', scope: 'U001' },
  college: { username: 'test-college', password: 'college-pass-phrase-1', role: 'college', scope: 'U001-C1' },
};

/** Create the test users in `warehouse` (the server's own instance); existing ones are kept. */
export async function createTestUsers(warehouse: Warehouse): Promise<void> {
  for (const user of Object.values(TEST_USERS)) {
    if (await findUser(warehouse, user.username)) continue;
    await addUser(warehouse, { username: user.username, role: user.role, scope: user.scope, password: user.password });
  }
}

/** The cookies a response sets, as `name=value` pairs for a Cookie header. */
function setCookies(response: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    out.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return out;
}

/** A fetch client with a cookie jar, sending `Origin` as a browser does on POST. */
export class HttpClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...(cookie ? { cookie } : {}), ...extra };
  }

  private keep(response: Response): Response {
    for (const [name, value] of setCookies(response)) {
      if (value === '' ) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.keep(await fetch(this.base + path, { headers: this.headers({ accept: 'text/html', ...headers }), redirect: 'manual' }));
  }

  async post(path: string, body: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
    return this.keep(await fetch(this.base + path, { method: 'POST', body, headers: this.headers({ origin: this.base, accept: 'text/html', ...headers }), redirect: 'manual' }));
  }

  /** Sign in through the /login form; throws unless it answers 303 with a session cookie. */
  async signIn(user: Pick<TestUser, 'username' | 'password'>, next = '/'): Promise<Response> {
    const form = new URLSearchParams({ username: user.username, password: user.password, next });
    const response = await this.post('/login', form, { 'content-type': 'application/x-www-form-urlencoded' });
    if (response.status !== 303 || !this.cookies.has('zx_session')) {
      throw new Error(`sign-in as ${user.username} failed: ${response.status} ${await response.text()}`);
    }
    return response;
  }
}

/** A client signed in as the test user of `role`. */
export async function signedInClient(base: string, role: Role): Promise<HttpClient> {
  const client = new HttpClient(base);
  await client.signIn(TEST_USERS[role]);
  return client;
}

/** Sign a browser context in as the test user of `role` (its cookies then carry the session). */
export async function signInBrowser(context: BrowserContext, base: string, role: Role): Promise<void> {
  const user = TEST_USERS[role];
  const response = await context.request.post(base + '/login', {
    form: { username: user.username, password: user.password, next: '/' },
    headers: { origin: base, accept: 'text/html' },
    maxRedirects: 0,
  });
  if (response.status() !== 303) throw new Error(`browser sign-in as ${user.username} failed: ${response.status()} ${await response.text()}`);
}

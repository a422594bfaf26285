/**
 * Access control for the dashboard, over the top-level auth/ modules: who the request is
 * (session cookie → `locals.user` with its scope), what needs a session (everything but
 * /login), cross-site mutations refused, security headers, and the audit calls.
 *
 * The scope lives on `locals.user.scope`; `requireScope(locals)` is how server code gets it
 * (requestView() in request.ts calls it, so a page that reads data cannot run without one).
 */
import { error, redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { getWarehouse, readingFrom, withConnection } from './warehouse.ts';
import { lookupSession } from './cache/sessions.ts';
import { pageResults } from './cache/results.ts';
import { dataGeneration } from './generation.ts';
import { recordAudit, type AuditAction } from '../../../../auth/audit.ts';
import { LoginRateLimiter } from '../../../../auth/rate-limit.ts';
import { DEFAULT_SESSION_POLICY, endSession, sessionCookieName, type SessionPolicy, type SessionUser } from '../../../../auth/sessions.ts';
import { describeScope, type Scope } from '../../../../auth/scope.ts';

export type { Scope } from '../../../../auth/scope.ts';
export type { SessionUser } from '../../../../auth/sessions.ts';

/** What tests may change in a running server (process-global, like the warehouse slot). */
export interface AuthSettings {
  policy: SessionPolicy;
  /** The clock, epoch ms. */
  now: () => number;
  limiter: LoginRateLimiter;
}

const SLOT = Symbol.for('zhixiao.dashboard.auth');
type Slot = { [SLOT]?: AuthSettings };

export function authSettings(): AuthSettings {
  const slot = globalThis as Slot;
  slot[SLOT] ??= { policy: DEFAULT_SESSION_POLICY, now: Date.now, limiter: new LoginRateLimiter() };
  return slot[SLOT];
}

/** Pages anyone may open. */
export const PUBLIC_PATHS = new Set(['/login']);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSecure(url: URL): boolean {
  return url.protocol === 'https:';
}

export function cookieName(url: URL): string {
  return sessionCookieName(isSecure(url));
}

/** Set the session cookie: HttpOnly, SameSite=Lax, Secure over https, gone at the absolute expiry. */
export function setSessionCookie(cookies: Cookies, url: URL, token: string): void {
  cookies.set(cookieName(url), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecure(url),
    maxAge: Math.floor(authSettings().policy.absoluteMs / 1000),
  });
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
  cookies.delete(cookieName(url), { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure(url) });
}

/**
 * Is this request from a page of this site? Browsers send `Origin` with every POST, PUT,
 * PATCH and DELETE; without it, `Sec-Fetch-Site` must say same-origin. Anything else (another
 * site's form or fetch, or a client that says nothing) is refused for a mutation.
 */
export function isSameOriginRequest(request: Request, url: URL): boolean {
  const origin = request.headers.get('origin');
  if (origin !== null) return origin === url.origin;
  return request.headers.get('sec-fetch-site') === 'same-origin';
}

export function isMutation(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * A same-origin path to return to after signing in, or '/': never another host (`//evil`,
 * `/\evil`, `https://…`), never /login or /logout themselves.
 */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || /[\u0000-\u001f\\]/.test(raw)) return '/';
  let url: URL;
  try {
    url = new URL(raw, 'http://zhixiao.invalid');
  } catch (failure) {
    if (failure instanceof TypeError) return '/';
    throw failure;
  }
  if (url.origin !== 'http://zhixiao.invalid' || url.pathname === '/login' || url.pathname === '/logout') return '/';
  return url.pathname + url.search + url.hash;
}

/** The login URL that comes back to this request's page. */
export function loginUrl(url: URL, expired: boolean): string {
  const next = url.pathname + url.search;
  const params = new URLSearchParams();
  if (next !== '/') params.set('next', next);
  if (expired) params.set('expired', '1');
  const query = params.toString();
  return `/login${query ? `?${query}` : ''}`;
}

/**
 * Read the session of `event` into `locals.user`. Returns 'expired' when the cookie named a
 * session that just ended by expiry (the login page then says so). A session checked moments ago
 * is taken from memory while that is still the database's answer (cache/sessions.ts).
 */
export async function loadSession(event: RequestEvent): Promise<'valid' | 'expired' | 'none'> {
  const token = event.cookies.get(cookieName(event.url));
  if (!token) return 'none';
  const settings = authSettings();
  const warehouse = await getWarehouse();
  const lookup = await lookupSession(warehouse, token, settings.policy, settings.now());
  if (lookup.status === 'valid') {
    event.locals.user = lookup.user;
    return 'valid';
  }
  clearSessionCookie(event.cookies, event.url);
  if (lookup.status === 'expired') {
    await recordAudit(warehouse, { username: lookup.username, action: 'session_expired', detail: lookup.reason === 'idle' ? '闲置超时' : '超过最长会话时间', address: clientAddress(event) }, settings.now());
    return 'expired';
  }
  return 'none';
}

/** The client address, for throttling and the audit log. */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string {
  return event.getClientAddress();
}

/** The signed-in user, or a redirect to /login (pages) — every data path goes through here. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
  const user = event.locals.user;
  if (!user) redirect(303, loginUrl(event.url, false));
  return user;
}

export function requireScope(event: Pick<RequestEvent, 'locals' | 'url'>): Scope {
  return requireUser(event).scope;
}

/** Only the province (e.g. /audit): others get 404, as for anything outside their scope. */
export function requireProvince(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
  const user = requireUser(event);
  if (user.scope.role !== 'province') error(404, '页面不存在');
  return user;
}

/** Write an audit entry for the signed-in user of `event`. */
/** An audit entry as a request wrote it, to be written again when its answer is served again. */
export interface AuditedView {
  action: AuditAction;
  target: string;
  detail: string | null;
}

export async function audit(
  event: Pick<RequestEvent, 'locals' | 'url' | 'getClientAddress'>,
  action: AuditAction,
  entry: { target?: string | null; detail?: string | null } = {},
): Promise<void> {
  const user = requireUser(event);
  (event.locals.audited ??= []).push({ action, target: entry.target ?? event.url.pathname + event.url.search, detail: entry.detail ?? null });
  await recordAudit(
    await getWarehouse(),
    {
      username: user.username,
      role: user.role,
      scopeCode: user.scopeCode,
      action,
      target: entry.target ?? event.url.pathname + event.url.search,
      detail: entry.detail ?? null,
      address: clientAddress(event),
    },
    authSettings().now(),
  );
}

/** End the session of this request (logout). */
export async function endRequestSession(event: RequestEvent): Promise<void> {
  await endSession(await getWarehouse(), event.cookies.get(cookieName(event.url)));
  clearSessionCookie(event.cookies, event.url);
}

/** The user as the pages may see it: no scope object, no session, just what the menu shows. */
export interface UserSummary {
  username: string;
  role: SessionUser['role'];
  scopeCode: string | null;
  /** 全省, the university's name, or the college's name. */
  scopeName: string;
}

export async function userSummary(user: SessionUser | undefined): Promise<UserSummary | null> {
  if (!user) return null;
  // The scope's name changes with the data only: kept per data generation, read on the warehouse.
  const key = ['scope-name', user.scope.role, user.scopeCode];
  const described = await pageResults().get(dataGeneration(), key, () => readingFrom(null, () => withConnection((c) => describeScope(c, user.scope))));
  return { username: user.username, role: user.role, scopeCode: user.scopeCode, scopeName: described.name };
}

/** Security headers for every response (pages also get SvelteKit's CSP, svelte.config.js). */
export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** The CSP of responses that are not SvelteKit pages (API routes, downloads, the brief's HTML). */
export const NON_PAGE_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Sessions (OWASP ASVS 3): a random 256-bit token in an HttpOnly cookie; the database keeps only
 * its SHA-256. A session ends on logout, after `idleMs` without a request, and `absoluteMs` after
 * sign-in whatever happens (ASVS 3.3.2: 30 minutes idle, 12 hours in all by default). The clock
 * is injectable for tests. Changing a password or removing a user ends its sessions (users.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Warehouse } from '../warehouse/database.ts';
import { withAuthConnection, withAuthWrite } from './connection.ts';
import { isRole, resolveScope, type Role, type Scope } from './scope.ts';
import { noteSessionChange } from './session-changes.ts';

export interface SessionPolicy {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, used or not. */
  absoluteMs: number;
  /** last_seen_at is written at most this often (a write per request would be wasted work). */
  touchEveryMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 12 * 60 * 60_000, touchEveryMs: 30_000 };

/** The cookie's name; `__Host-` (Secure, Path=/, no Domain) when served over https. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-zx_session' : 'zx_session';
}

/** The signed-in user of a request: what the server needs, never sent whole to the browser. */
export interface SessionUser {
  username: string;
  role: Role;
  scopeCode: string | null;
  scope: Scope;
}

export type SessionLookup =
  | { status: 'valid'; user: SessionUser }
  | { status: 'expired'; reason: 'idle' | 'absolute'; username: string }
  /** No such session (never was, logged out, password changed), or a user whose scope no longer exists. */
  | { status: 'none' };

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token as the cookie carries it: 43 characters of base64url. */
export function isWellFormedToken(token: string | undefined | null): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** Start a session for `username` (already authenticated); returns the token for the cookie. */
export async function createSession(warehouse: Warehouse, username: string, address: string | null, now: number = Date.now()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await withAuthWrite(warehouse, (c) =>
    c.run(
      `insert into auth.sessions (token_hash, username, created_at, last_seen_at, address)
       values ($1, $2, to_timestamp($3::double / 1000), to_timestamp($3::double / 1000), $4)`,
      [hashToken(token), username, now, address],
    ),
  );
  return token;
}

/** The session of `token`, checked against the policy at `now`; an expired one is deleted. */
export async function readSession(
  warehouse: Warehouse,
  token: string | undefined | null,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  now: number = Date.now(),
): Promise<SessionLookup> {
  return (await checkSession(warehouse, token, policy, now)).lookup;
}

/**
 * readSession with, for a valid session, the times that decide when it ends: sign-in and the
 * last request recorded (after this one's touch), epoch ms. A caller that keeps the session in
 * memory can then refuse it at expiry without asking the database (the dashboard's session cache).
 */
export interface SessionCheck {
  lookup: SessionLookup;
  createdAt: number | null;
  seenAt: number | null;
}

export async function checkSession(
  warehouse: Warehouse,
  token: string | undefined | null,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  now: number = Date.now(),
): Promise<SessionCheck> {
  const none = (lookup: SessionLookup): SessionCheck => ({ lookup, createdAt: null, seenAt: null });
  if (!isWellFormedToken(token)) return none({ status: 'none' });
  const tokenHash = hashToken(token);
  const found = await withAuthConnection(warehouse, async (c) => {
    const rows = (
      await c.runAndReadAll(
        `select s.username, epoch_ms(s.created_at)::double as created, epoch_ms(s.last_seen_at)::double as seen, u.role, u.scope_code
         from auth.sessions s join auth.users u using (username)
         where s.token_hash = $1`,
        [tokenHash],
      )
    ).getRowObjectsJson() as Record<string, unknown>[];
    if (!rows.length) return null;
    const row = rows[0];
    if (!isRole(row.role)) throw new Error(`auth.users: unknown role ${String(row.role)}`);
    const scopeCode = row.scope_code === null ? null : String(row.scope_code);
    return {
      username: String(row.username),
      created: Number(row.created),
      seen: Number(row.seen),
      role: row.role,
      scopeCode,
      scope: await resolveScope(c, row.role, scopeCode),
    };
  });
  if (!found) return none({ status: 'none' });
  const expired = now - found.created >= policy.absoluteMs ? 'absolute' : now - found.seen >= policy.idleMs ? 'idle' : null;
  if (expired) {
    await endSession(warehouse, token);
    return none({ status: 'expired', reason: expired, username: found.username });
  }
  if (!found.scope) return none({ status: 'none' });
  let seen = found.seen;
  if (now - found.seen >= policy.touchEveryMs) {
    await withAuthWrite(warehouse, (c) =>
      c.run('update auth.sessions set last_seen_at = to_timestamp($1::double / 1000) where token_hash = $2', [now, tokenHash]),
    );
    seen = now;
  }
  return {
    lookup: { status: 'valid', user: { username: found.username, role: found.role, scopeCode: found.scopeCode, scope: found.scope } },
    createdAt: found.created,
    seenAt: seen,
  };
}

/** End the session of `token` (logout); nothing happens for an unknown token. */
export async function endSession(warehouse: Warehouse, token: string | undefined | null): Promise<void> {
  if (!isWellFormedToken(token)) return;
  await withAuthWrite(warehouse, (c) => c.run('delete from auth.sessions where token_hash = $1', [hashToken(token)]));
  noteSessionChange();
}

/** Delete every session past its expiry (run now and then; expired sessions are refused anyway). */
export async function pruneSessions(warehouse: Warehouse, policy: SessionPolicy = DEFAULT_SESSION_POLICY, now: number = Date.now()): Promise<void> {
  await withAuthWrite(warehouse, (c) =>
    c.run(
      `delete from auth.sessions
       where epoch_ms(created_at) <= $1::bigint - $2::bigint or epoch_ms(last_seen_at) <= $1::bigint - $3::bigint`,
      [now, policy.absoluteMs, policy.idleMs],
    ),
  );
  noteSessionChange();
}

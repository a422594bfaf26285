/**
 * Signing in: throttling first (auth/rate-limit.ts), then the password, then a new session.
 * A wrong password and an unknown name get the same message and take the same time, so the
 * answer does not tell whether a user exists. Every outcome is written to the audit log.
 */
import type { Warehouse } from '../warehouse/database.ts';
import { recordAudit } from './audit.ts';
import { verifyAgainstNobody, verifyPassword } from './passwords.ts';
import type { LoginRateLimiter } from './rate-limit.ts';
import { createSession, DEFAULT_SESSION_POLICY, pruneSessions, type SessionPolicy } from './sessions.ts';
import { findUser, scopeOfUser } from './users.ts';

export const WRONG_CREDENTIALS = '用户名或密码错误。';
export const SCOPE_GONE = '该账号的管辖范围（高校或院系代码）在当前数据中不存在，请联系管理员。';

export interface SignInRequest {
  username: string;
  password: string;
  /** The client address (for throttling and the audit log). */
  address: string;
}

export type SignInResult =
  | { ok: true; token: string; username: string }
  | { ok: false; reason: 'throttled'; retryAfterMs: number; message: string }
  | { ok: false; reason: 'invalid' | 'scope'; message: string };

export async function signIn(
  warehouse: Warehouse,
  limiter: LoginRateLimiter,
  request: SignInRequest,
  now: number = Date.now(),
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<SignInResult> {
  const typed = request.username.normalize('NFKC').trim().slice(0, 64);
  const decision = limiter.check(typed, request.address);
  const user = typed ? await findUser(warehouse, typed) : null;
  // A name that is not a user is logged as such: what was typed may be a password.
  const who = user ? user.username : '（未知用户名）';
  if (!decision.allowed) {
    await recordAudit(warehouse, { username: who, action: 'login_throttled', address: request.address }, now);
    return { ok: false, reason: 'throttled', retryAfterMs: decision.retryAfterMs, message: decision.message };
  }
  const password = request.password.slice(0, 1024);
  const good = user ? await verifyPassword(user.password_hash, password) : await verifyAgainstNobody(password);
  if (!user || !good) {
    limiter.recordFailure(typed, request.address);
    await recordAudit(warehouse, { username: who, role: user?.role, scopeCode: user?.scope_code, action: 'login_failed', address: request.address }, now);
    return { ok: false, reason: 'invalid', message: WRONG_CREDENTIALS };
  }
  limiter.recordSuccess(typed);
  if (!(await scopeOfUser(warehouse, user))) {
    await recordAudit(warehouse, { username: user.username, role: user.role, scopeCode: user.scope_code, action: 'login_failed', detail: '管辖范围不存在', address: request.address }, now);
    return { ok: false, reason: 'scope', message: SCOPE_GONE };
  }
  // Sessions that expired unused are deleted now and then: at each sign-in.
  await pruneSessions(warehouse, policy, now);
  const token = await createSession(warehouse, user.username, request.address, now);
  await recordAudit(warehouse, { username: user.username, role: user.role, scopeCode: user.scope_code, action: 'login', address: request.address }, now);
  return { ok: true, token, username: user.username };
}

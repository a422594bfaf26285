/**
 * Sessions and sign-in on a real warehouse with an injected clock: idle and absolute expiry,
 * logout, a password change ending sessions, one message for a wrong password or an unknown
 * name, throttling, and the audit entries of each.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/database.ts';
import { addUser, setPassword, removeUser } from '../../auth/users.ts';
import { createSession, endSession, hashToken, readSession, type SessionPolicy } from '../../auth/sessions.ts';
import { signIn, WRONG_CREDENTIALS } from '../../auth/sign-in.ts';
import { LoginRateLimiter } from '../../auth/rate-limit.ts';
import { listAudit } from '../../auth/audit.ts';
import { query, twoUniversityWarehouse } from './helpers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-auth-sessions-'));
let warehouse: Warehouse;
const T0 = Date.parse('2024-07-01T09:00:00+08:00');
const MIN = 60_000;
const policy: SessionPolicy = { idleMs: 30 * MIN, absoluteMs: 12 * 60 * MIN, touchEveryMs: 30_000 };

beforeAll(async () => {
  warehouse = await twoUniversityWarehouse(dir);
  await addUser(warehouse, { username: 'sheng', role: 'province', scope: null, password: 'province-pass-phrase' }, T0);
  await addUser(warehouse, { username: 'hefei', role: 'university', scope: 'U001', password: 'university-pass-phrase' }, T0);
  await addUser(warehouse, { username: 'mayuan', role: 'college', scope: 'U001-C1', password: 'college-pass-phrase' }, T0);
});
afterAll(() => {
  warehouse.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a session', () => {
  it('carries the user and its scope, resolved from the warehouse', async () => {
    const token = await createSession(warehouse, 'mayuan', '127.0.0.1', T0);
    expect(await readSession(warehouse, token, policy, T0 + MIN)).toEqual({
      status: 'valid',
      user: { username: 'mayuan', role: 'college', scopeCode: 'U001-C1', scope: { role: 'college', universityCode: 'U001', collegeCode: 'U001-C1' } },
    });
  });

  it('is stored as the hash of its token only', async () => {
    const token = await createSession(warehouse, 'sheng', '127.0.0.1', T0);
    const rows = await query<{ token_hash: string }>(warehouse, 'select token_hash from auth.sessions');
    expect(rows.map((r) => r.token_hash)).toContain(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('ends after 30 minutes without a request (idle expiry)', async () => {
    const token = await createSession(warehouse, 'hefei', '127.0.0.1', T0);
    // used every 20 minutes for 2 hours: still valid
    for (let t = 20; t <= 120; t += 20) expect((await readSession(warehouse, token, policy, T0 + t * MIN)).status).toBe('valid');
    expect(await readSession(warehouse, token, policy, T0 + 151 * MIN)).toEqual({ status: 'expired', reason: 'idle', username: 'hefei' });
    // and it is gone, not just refused once
    expect(await readSession(warehouse, token, policy, T0 + 152 * MIN)).toEqual({ status: 'none' });
  });

  it('ends 12 hours after sign-in even when used all the time (absolute expiry)', async () => {
    const token = await createSession(warehouse, 'hefei', '127.0.0.1', T0);
    for (let t = 25; t < 12 * 60; t += 25) expect((await readSession(warehouse, token, policy, T0 + t * MIN)).status).toBe('valid');
    expect(await readSession(warehouse, token, policy, T0 + 12 * 60 * MIN)).toEqual({ status: 'expired', reason: 'absolute', username: 'hefei' });
  });

  it('ends on logout', async () => {
    const token = await createSession(warehouse, 'hefei', '127.0.0.1', T0);
    await endSession(warehouse, token);
    expect(await readSession(warehouse, token, policy, T0 + MIN)).toEqual({ status: 'none' });
  });

  it('ends when the password changes or the user is removed', async () => {
    await addUser(warehouse, { username: 'wuhu', role: 'university', scope: 'U002', password: 'temporary-pass-phrase' }, T0);
    const a = await createSession(warehouse, 'wuhu', '127.0.0.1', T0);
    await setPassword(warehouse, 'wuhu', 'another-pass-phrase', T0 + MIN);
    expect((await readSession(warehouse, a, policy, T0 + 2 * MIN)).status).toBe('none');
    const b = await createSession(warehouse, 'wuhu', '127.0.0.1', T0 + 3 * MIN);
    await removeUser(warehouse, 'wuhu');
    expect((await readSession(warehouse, b, policy, T0 + 4 * MIN)).status).toBe('none');
  });

  it('refuses tokens that are not well formed without a query', async () => {
    for (const bad of [undefined, '', 'x', "' or 1=1 --", 'a'.repeat(44)]) expect(await readSession(warehouse, bad, policy, T0)).toEqual({ status: 'none' });
  });
});

describe('signing in', () => {
  it('gives the same message for a wrong password and an unknown name', async () => {
    const limiter = new LoginRateLimiter({ now: () => T0 });
    const wrong = await signIn(warehouse, limiter, { username: 'hefei', password: 'not-the-password', address: '10.1.1.1' }, T0);
    const unknown = await signIn(warehouse, limiter, { username: 'nobody', password: 'not-the-password', address: '10.1.1.1' }, T0);
    expect(wrong).toEqual({ ok: false, reason: 'invalid', message: WRONG_CREDENTIALS });
    expect(unknown).toEqual(wrong);
  });

  it('starts a session with the right password, and a new token every time', async () => {
    const limiter = new LoginRateLimiter({ now: () => T0 });
    const a = await signIn(warehouse, limiter, { username: 'sheng', password: 'province-pass-phrase', address: '10.1.1.2' }, T0);
    const b = await signIn(warehouse, limiter, { username: 'sheng', password: 'province-pass-phrase', address: '10.1.1.2' }, T0);
    expect(a.ok && b.ok && a.token !== b.token).toBe(true);
    if (!a.ok) throw new Error('sign-in failed');
    expect((await readSession(warehouse, a.token, policy, T0 + MIN)).status).toBe('valid');
  });

  it('is throttled after 5 failures, even with the right password, with the wait stated', async () => {
    let now = T0;
    const limiter = new LoginRateLimiter({ now: () => now });
    for (let i = 0; i < 5; i++) await signIn(warehouse, limiter, { username: 'mayuan', password: `guess-number-${i}`, address: '10.2.2.2' }, now);
    const refused = await signIn(warehouse, limiter, { username: 'mayuan', password: 'college-pass-phrase', address: '10.2.2.3' }, now);
    expect(refused).toEqual({ ok: false, reason: 'throttled', retryAfterMs: 15 * MIN, message: '登录失败次数过多，为保护账号已暂停登录：请 15 分钟后再试。' });
    now += 15 * MIN;
    expect((await signIn(warehouse, limiter, { username: 'mayuan', password: 'college-pass-phrase', address: '10.2.2.3' }, now)).ok).toBe(true);
  });

  it('writes every outcome to the audit log, never what was typed as an unknown name', async () => {
    const { rows } = await listAudit(warehouse, { limit: 1000 });
    const actions = new Set(rows.map((r) => r.action));
    expect(actions).toEqual(new Set(['login', 'login_failed', 'login_throttled']));
    expect(rows.some((r) => r.username === 'nobody')).toBe(false);
    expect(rows.find((r) => r.action === 'login_throttled')).toMatchObject({ username: 'mayuan', address: '10.2.2.3', role: null });
    expect(rows.find((r) => r.action === 'login')).toMatchObject({ username: 'mayuan', role: 'college', scope_code: 'U001-C1', action_label: '登录' });
  });
});

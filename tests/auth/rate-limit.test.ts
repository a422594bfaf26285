import { describe, expect, it } from 'vitest';
import { LoginRateLimiter, waitMessage } from '../../auth/rate-limit.ts';

function limiter() {
  let now = Date.parse('2024-07-01T09:00:00+08:00');
  const l = new LoginRateLimiter({
    perUser: { maxFailures: 5, windowMs: 15 * 60_000 },
    perAddress: { maxFailures: 20, windowMs: 15 * 60_000 },
    now: () => now,
  });
  return { l, advance: (ms: number) => (now += ms) };
}

describe('login rate limiting', () => {
  it('refuses a name after 5 failures in 15 minutes, saying how long to wait, in Chinese', () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 5; i++) {
      expect(l.check('wang', '10.0.0.1')).toEqual({ allowed: true });
      l.recordFailure('wang', '10.0.0.1');
      advance(60_000);
    }
    const refused = l.check('wang', '10.0.0.2');
    expect(refused).toEqual({ allowed: false, retryAfterMs: 10 * 60_000, message: '登录失败次数过多，为保护账号已暂停登录：请 10 分钟后再试。' });
    // the name is throttled from any address; another name from the same address is not
    expect(l.check('li', '10.0.0.1')).toEqual({ allowed: true });
    advance(10 * 60_000);
    expect(l.check('wang', '10.0.0.1')).toEqual({ allowed: true });
  });

  it('refuses an address after 20 failures whatever the names (password spraying)', () => {
    const { l } = limiter();
    for (let i = 0; i < 20; i++) l.recordFailure(`user${i}`, '10.0.0.9');
    expect(l.check('someone-new', '10.0.0.9')).toMatchObject({ allowed: false });
    expect(l.check('someone-new', '10.0.0.8')).toEqual({ allowed: true });
  });

  it('treats a name that does not exist exactly like one that does, and ignores case and width', () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) l.recordFailure('Ｎｏｂｏｄｙ', '10.0.0.1');
    expect(l.check('nobody', '10.0.0.3')).toMatchObject({ allowed: false });
  });

  it('forgets a name’s failures after a successful sign-in', () => {
    const { l } = limiter();
    for (let i = 0; i < 4; i++) l.recordFailure('wang', '10.0.0.1');
    l.recordSuccess('wang');
    for (let i = 0; i < 4; i++) l.recordFailure('wang', '10.0.0.1');
    expect(l.check('wang', '10.0.0.1')).toEqual({ allowed: true });
  });

  it('states short waits in seconds', () => {
    expect(waitMessage(40_500)).toBe('登录失败次数过多，为保护账号已暂停登录：请 41 秒后再试。');
    expect(waitMessage(61_000)).toBe('登录失败次数过多，为保护账号已暂停登录：请 2 分钟后再试。');
  });
});

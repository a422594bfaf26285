/**
 * Login throttling (OWASP ASVS 2.2.1): failed sign-ins are counted per user name and per client
 * address in a sliding window; past the limit, further attempts are refused — without checking
 * the password — until the oldest failure in the window has aged out. A name that does not exist
 * is throttled exactly like one that does, so throttling does not reveal which names exist.
 * Kept in the server's memory: the server is one process, and a restart forgets the counts.
 */

export interface RateLimitPolicy {
  /** Failures allowed in the window; the next attempt is refused. */
  maxFailures: number;
  windowMs: number;
}

export interface LoginRateLimitOptions {
  perUser?: RateLimitPolicy;
  perAddress?: RateLimitPolicy;
  /** The clock (epoch ms); injectable for tests. */
  now?: () => number;
  /** At most this many names/addresses are remembered (the oldest are forgotten first). */
  maxKeys?: number;
}

export const DEFAULT_PER_USER: RateLimitPolicy = { maxFailures: 5, windowMs: 15 * 60_000 };
export const DEFAULT_PER_ADDRESS: RateLimitPolicy = { maxFailures: 20, windowMs: 15 * 60_000 };

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number; message: string };

/** "请 3 分钟后再试" / "请 40 秒后再试": the wait, rounded up, in Chinese. */
export function waitMessage(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  const wait = seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
  return `登录失败次数过多，为保护账号已暂停登录：请 ${wait}后再试。`;
}

class Window {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly policy: RateLimitPolicy,
    private readonly maxKeys: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.policy.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** ms until an attempt for `key` is allowed again (0: allowed now). */
  waitFor(key: string, now: number): number {
    const list = this.recent(key, now);
    if (list.length < this.policy.maxFailures) return 0;
    // allowed again when enough failures have left the window
    return list[list.length - this.policy.maxFailures] + this.policy.windowMs - now;
  }

  fail(key: string, now: number): void {
    const list = this.recent(key, now);
    list.push(now);
    this.failures.delete(key); // re-insert: Map order is then "least recently failed first"
    this.failures.set(key, list);
    while (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value as string);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }
}

export class LoginRateLimiter {
  private readonly users: Window;
  private readonly addresses: Window;
  private readonly now: () => number;

  constructor(options: LoginRateLimitOptions = {}) {
    const maxKeys = options.maxKeys ?? 10_000;
    this.users = new Window(options.perUser ?? DEFAULT_PER_USER, maxKeys);
    this.addresses = new Window(options.perAddress ?? DEFAULT_PER_ADDRESS, maxKeys);
    this.now = options.now ?? Date.now;
  }

  /** May `username` from `address` try a password now? */
  check(username: string, address: string): RateDecision {
    const now = this.now();
    const wait = Math.max(this.users.waitFor(userKey(username), now), this.addresses.waitFor(address, now));
    return wait > 0 ? { allowed: false, retryAfterMs: wait, message: waitMessage(wait) } : { allowed: true };
  }

  recordFailure(username: string, address: string): void {
    const now = this.now();
    this.users.fail(userKey(username), now);
    this.addresses.fail(address, now);
  }

  /** A successful sign-in clears the name's failures (the address keeps its count). */
  recordSuccess(username: string): void {
    this.users.clear(userKey(username));
  }
}

function userKey(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

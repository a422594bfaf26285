/**
 * A count of the writes that can end sessions: a logout, a password changed, a user removed,
 * expired sessions pruned. A reader that keeps validated sessions in memory (the dashboard,
 * dashboard/src/lib/server/cache/sessions.ts) compares it before trusting what it kept, so such a
 * write takes effect on the very next request.
 *
 * Process-wide on globalThis (Symbol.for) rather than module state: the dashboard's bundle and the
 * sources (the CLI's commands, tests) each load their own copy of this module in one process.
 */
const KEY = Symbol.for('zhixiao.auth.sessionChanges');
type Slot = { [KEY]?: number };

export function sessionChanges(): number {
  return (globalThis as Slot)[KEY] ?? 0;
}

/** Call after the write has committed. */
export function noteSessionChange(): void {
  (globalThis as Slot)[KEY] = sessionChanges() + 1;
}

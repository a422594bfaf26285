/**
 * Validated sessions kept in memory for a short while, so that a request does not ask DuckDB
 * who it is (a join of auth.sessions and auth.users, and the scope resolved from the org units)
 * when the same session was checked moments ago.
 *
 * A kept session is trusted only while nothing could have changed the answer:
 * - its expiry is checked against the clock on every request, as the database check does
 *   (absolute: sign-in + absoluteMs; idle: last request + idleMs);
 * - it goes back to the database once `touchEveryMs` has passed since the last recorded request,
 *   which is when auth/sessions.ts records the request (last_seen_at) anyway: the idle expiry
 *   stays exactly as it was;
 * - a logout, a password change, a removed user or pruned sessions (auth/session-changes.ts) drop
 *   every kept session, so they take effect on the next request;
 * - so does new data (generation.ts): a user's scope is resolved from the org units.
 * Only valid sessions are kept, by the SHA-256 of their token; an expired one goes through the
 * database, which deletes it and writes `session_expired` to the audit log.
 */
import { checkSession, hashToken, isWellFormedToken, type SessionLookup, type SessionPolicy, type SessionUser } from '../../../../../auth/sessions.ts';
import { sessionChanges } from '../../../../../auth/session-changes.ts';
import type { Warehouse } from '../../../../../warehouse/database.ts';
import { dataGeneration } from '../generation.ts';
import { processSlot } from '../process-slot.ts';

interface KeptSession {
  user: SessionUser;
  createdAt: number;
  seenAt: number;
  generation: number;
  changes: number;
}

/** More sessions than this are not kept (the oldest go first); the rest are read from the database. */
const MAX_SESSIONS = 10_000;

const kept = processSlot('sessions', () => new Map<string, KeptSession>());

/** The session of `token` at `now`: from memory when that is still the database's answer, else from the database. */
export async function lookupSession(warehouse: Warehouse, token: string | undefined, policy: SessionPolicy, now: number): Promise<SessionLookup> {
  if (!isWellFormedToken(token)) return { status: 'none' };
  const key = hashToken(token);
  const hit = kept.get(key);
  if (hit && stillValid(hit, policy, now)) return { status: 'valid', user: hit.user };
  // Taken before the database is asked: a change committed meanwhile makes this entry stale at once.
  const generation = dataGeneration();
  const changes = sessionChanges();
  const checked = await checkSession(warehouse, token, policy, now);
  kept.delete(key);
  if (checked.lookup.status === 'valid' && checked.createdAt !== null && checked.seenAt !== null) {
    if (kept.size >= MAX_SESSIONS) kept.delete(kept.keys().next().value!);
    kept.set(key, { user: checked.lookup.user, createdAt: checked.createdAt, seenAt: checked.seenAt, generation, changes });
  }
  return checked.lookup;
}

function stillValid(s: KeptSession, policy: SessionPolicy, now: number): boolean {
  return (
    s.generation === dataGeneration() &&
    s.changes === sessionChanges() &&
    // A clock that went back (tests inject one) is not trusted either.
    now >= s.seenAt &&
    now - s.createdAt < policy.absoluteMs &&
    now - s.seenAt < policy.idleMs &&
    now - s.seenAt < policy.touchEveryMs
  );
}

/** Forget every kept session (tests; a warehouse provided anew). */
export function forgetSessions(): void {
  kept.clear();
}

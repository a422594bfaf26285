/**
 * Who changes an anomaly's status. One function, so the access-control layer can swap it: once
 * it sets `locals.user`, that user's name is recorded; until then the OS user of the server
 * process (the analyst who started `zhixiao serve` on this machine), else '匿名'.
 */
import os from 'node:os';

interface MaybeUser {
  user?: { name?: unknown; username?: unknown } | null;
}

export const ANONYMOUS = '匿名';

/** `locals` is App.Locals (typed loosely so this module has no dependency on the app's types). */
export function reviewerName(locals: object): string {
  const user = (locals as MaybeUser).user;
  for (const candidate of [user?.name, user?.username]) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate.trim().slice(0, 64);
  }
  const osUser = process.env.USER || process.env.LOGNAME || process.env.USERNAME || osUserName();
  return osUser ? osUser.slice(0, 64) : ANONYMOUS;
}

function osUserName(): string | null {
  // os.userInfo() throws when the process's uid has no passwd entry (some containers): that is
  // an expected answer here ("no name"), not an error to hide.
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  if (uid === null) return null;
  try {
    return os.userInfo().username || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as { code?: string }).code === 'ERR_SYSTEM_ERROR') return null;
    throw error;
  }
}

/**
 * The dashboard's accounts (auth.users): add, list, change a password, remove. A user's scope
 * code is checked against the warehouse when the user is added (auth/scope.ts checkScopeCode).
 * Changing a password or removing a user ends that user's sessions.
 */
import type { Warehouse } from '../warehouse/database.ts';
import { UserError } from '../warehouse/errors.ts';
import { withAuthConnection, withAuthWrite } from './connection.ts';
import { checkNewPassword, hashPassword } from './passwords.ts';
import { checkScopeCode, isRole, resolveScope, type Role, type Scope } from './scope.ts';
import { noteSessionChange } from './session-changes.ts';

export interface UserRow {
  username: string;
  role: Role;
  /** null for the province; a university code or a college org code. */
  scope_code: string | null;
  created_at: string;
  password_changed_at: string;
}

export interface StoredUser extends UserRow {
  password_hash: string;
}

/** Letters (any script), digits, `.`, `_`, `-`; 2–64 characters; NFKC-normalised. */
export function normaliseUsername(name: string): string {
  const normalised = name.normalize('NFKC').trim();
  if (!/^[\p{L}\p{N}._-]{2,64}$/u.test(normalised)) {
    throw new UserError(`用户名「${name}」无效：应为 2–64 个字母、汉字、数字或 . _ -，不含空格。`, 2);
  }
  return normalised;
}

const SELECT_USER = `select username, role, scope_code,
    strftime(created_at, '%Y-%m-%d %H:%M:%S') as created_at,
    strftime(password_changed_at, '%Y-%m-%d %H:%M:%S') as password_changed_at`;

function toUser(row: Record<string, unknown>): UserRow {
  if (!isRole(row.role)) throw new Error(`auth.users: unknown role ${String(row.role)} for ${String(row.username)}`);
  return {
    username: String(row.username),
    role: row.role,
    scope_code: row.scope_code === null ? null : String(row.scope_code),
    created_at: String(row.created_at),
    password_changed_at: String(row.password_changed_at),
  };
}

export async function listUsers(warehouse: Warehouse): Promise<UserRow[]> {
  return withAuthConnection(warehouse, async (c) => {
    const reader = await c.runAndReadAll(`${SELECT_USER} from auth.users order by role = 'college', role = 'university', username`);
    return (reader.getRowObjectsJson() as Record<string, unknown>[]).map(toUser);
  });
}

/** The user named `username` with its password hash, or null. */
export async function findUser(warehouse: Warehouse, username: string): Promise<StoredUser | null> {
  return withAuthConnection(warehouse, async (c) => {
    const rows = (await c.runAndReadAll(`${SELECT_USER}, password_hash from auth.users where username = $1`, [username])).getRowObjectsJson() as Record<
      string,
      unknown
    >[];
    return rows.length ? { ...toUser(rows[0]), password_hash: String(rows[0].password_hash) } : null;
  });
}

/** The scope a user has now (null when its scope code no longer exists in the warehouse). */
export async function scopeOfUser(warehouse: Warehouse, user: Pick<UserRow, 'role' | 'scope_code'>): Promise<Scope | null> {
  return withAuthConnection(warehouse, (c) => resolveScope(c, user.role, user.scope_code));
}

export interface AddUser {
  username: string;
  role: string;
  scope: string | null;
  password: string;
}

/** Add a user; UserError (exit 2) for a bad name, role, scope or password, or a name taken. */
export async function addUser(warehouse: Warehouse, input: AddUser, now: number = Date.now()): Promise<UserRow> {
  const username = normaliseUsername(input.username);
  if (!isRole(input.role)) throw new UserError(`角色「${input.role}」无效：应为 province（省级）、university（高校）或 college（院系）。`, 2);
  const role = input.role;
  const scope = input.scope ? input.scope.normalize('NFKC').trim() : null;
  const password = checkNewPassword(input.password, username);
  const problem = await withAuthConnection(warehouse, (c) => checkScopeCode(c, role, scope));
  if (problem) throw new UserError(problem, 2);
  const passwordHash = await hashPassword(password);
  return withAuthWrite(warehouse, async (c) => {
    const taken = (await c.runAndReadAll('select 1 from auth.users where username = $1', [username])).getRows();
    if (taken.length) throw new UserError(`用户「${username}」已存在：如需重设密码，请用 zhixiao users passwd ${username}。`, 2);
    await c.run(
      `insert into auth.users (username, role, scope_code, password_hash, created_at, password_changed_at)
       values ($1, $2, $3, $4, to_timestamp($5::double / 1000), to_timestamp($5::double / 1000))`,
      [username, role, scope, passwordHash, now],
    );
    const rows = (await c.runAndReadAll(`${SELECT_USER} from auth.users where username = $1`, [username])).getRowObjectsJson();
    return toUser(rows[0] as Record<string, unknown>);
  });
}

/** Set a new password and end every session of the user. */
export async function setPassword(warehouse: Warehouse, name: string, password: string, now: number = Date.now()): Promise<void> {
  const username = normaliseUsername(name);
  const checked = checkNewPassword(password, username);
  const passwordHash = await hashPassword(checked);
  await withAuthWrite(warehouse, async (c) => {
    const exists = (await c.runAndReadAll('select 1 from auth.users where username = $1', [username])).getRows();
    if (!exists.length) throw new UserError(`没有用户「${username}」：zhixiao users list 可列出全部用户。`, 2);
    await c.run('BEGIN TRANSACTION');
    try {
      await c.run('update auth.users set password_hash = $1, password_changed_at = to_timestamp($2::double / 1000) where username = $3', [
        passwordHash,
        now,
        username,
      ]);
      await c.run('delete from auth.sessions where username = $1', [username]);
      await c.run('COMMIT');
    } catch (error) {
      await c.run('ROLLBACK');
      throw error;
    }
  });
  noteSessionChange();
}

/** Remove a user and its sessions (its audit entries stay). */
export async function removeUser(warehouse: Warehouse, name: string): Promise<void> {
  const username = normaliseUsername(name);
  await withAuthWrite(warehouse, async (c) => {
    const exists = (await c.runAndReadAll('select 1 from auth.users where username = $1', [username])).getRows();
    if (!exists.length) throw new UserError(`没有用户「${username}」：zhixiao users list 可列出全部用户。`, 2);
    await c.run('BEGIN TRANSACTION');
    try {
      await c.run('delete from auth.sessions where username = $1', [username]);
      await c.run('delete from auth.users where username = $1', [username]);
      await c.run('COMMIT');
    } catch (error) {
      await c.run('ROLLBACK');
      throw error;
    }
  });
  noteSessionChange();
}

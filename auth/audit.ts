/**
 * The audit log (auth.audit_log), append-only: who signed in (or failed to), who viewed
 * member-level pages (a branch's attendance matrix, chronic absentees, cadres), who exported or
 * uploaded what, who set an anomaly's status, who managed users — and when, from where.
 * Province users read it on the dashboard's /audit page.
 *
 * Entries written at the same time are committed together (group commit): an entry waits for the
 * auth write before it, then goes in one multi-row insert with every entry that arrived
 * meanwhile. Each call still returns only once its own entry is committed, and entries keep the
 * order of the calls; a busy dashboard (twenty member-level views at once) pays one commit, not
 * twenty in a queue.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { Warehouse } from '../warehouse/database.ts';
import { withAuthConnection, withAuthWrite } from './connection.ts';
import type { Role } from './scope.ts';

export const AUDIT_ACTIONS = {
  login: '登录',
  login_failed: '登录失败',
  login_throttled: '登录被暂停',
  logout: '退出',
  session_expired: '会话过期',
  view_members: '查看党员信息',
  export: '导出',
  brief: '生成研判报告',
  upload: '上传数据',
  anomaly_status: '设置异常状态',
  user_added: '添加用户',
  user_password: '重设密码',
  user_removed: '删除用户',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export interface AuditEntry {
  /** Who: a dashboard user name, or `命令行:<OS user>` for the CLI. */
  username: string;
  role?: Role | null;
  scopeCode?: string | null;
  action: AuditAction;
  /** What: a path with its query (`/b/U001-C1-B1?period=2024Q2`), a file name, a user name … */
  target?: string | null;
  /** More, for people (e.g. `CSV, 42 行`). */
  detail?: string | null;
  /** The client address (for sign-ins and the dashboard). */
  address?: string | null;
}

export interface AuditRow {
  audit_id: number;
  /** Asia/Shanghai wall clock, `YYYY-MM-DD HH:MM:SS`. */
  logged_at: string;
  username: string;
  role: string | null;
  scope_code: string | null;
  action: AuditAction;
  action_label: string;
  target: string | null;
  detail: string | null;
  address: string | null;
}

const clip = (value: string | null | undefined, max: number) => (value === null || value === undefined ? null : value.slice(0, max));

const COLUMNS = 8;
/** Rows per insert at most (DuckDB binds a parameter per value). */
const MAX_BATCH = 500;

interface Waiting {
  values: DuckDBValue[];
  done: () => void;
  failed: (error: unknown) => void;
}

const waiting = new WeakMap<Warehouse, Waiting[]>();

export function recordAudit(warehouse: Warehouse, entry: AuditEntry, now: number = Date.now()): Promise<void> {
  const values: DuckDBValue[] = [
    now,
    clip(entry.username, 128),
    entry.role ?? null,
    clip(entry.scopeCode, 64),
    entry.action,
    clip(entry.target, 1000),
    clip(entry.detail, 1000),
    clip(entry.address, 64),
  ];
  return new Promise<void>((done, failed) => {
    const queue = waiting.get(warehouse);
    if (queue) {
      queue.push({ values, done, failed });
      return;
    }
    waiting.set(warehouse, [{ values, done, failed }]);
    // Joined by every entry that arrives before this write's turn in the auth write queue.
    const written = withAuthWrite(warehouse, async (c) => {
      const all = waiting.get(warehouse) ?? [];
      waiting.delete(warehouse);
      for (let start = 0; start < all.length; start += MAX_BATCH) {
        const batch = all.slice(start, start + MAX_BATCH);
        try {
          const rows = batch.map((_, i) => `(to_timestamp($${i * COLUMNS + 1}::double / 1000), ${Array.from({ length: COLUMNS - 1 }, (_, k) => `$${i * COLUMNS + k + 2}`).join(', ')})`);
          await c.run(
            `insert into auth.audit_log (logged_at, username, role, scope_code, action, target, detail, address) values ${rows.join(', ')}`,
            batch.flatMap((w) => w.values),
          );
          noteAuditWrite();
          for (const w of batch) w.done();
        } catch (error) {
          for (const w of batch) w.failed(error);
        }
      }
    });
    // The write did not run at all (no connection): the entries still waiting for it fail with its error.
    written.catch((error: unknown) => {
      const left = waiting.get(warehouse) ?? [];
      waiting.delete(warehouse);
      for (const w of left) w.failed(error);
    });
  });
}

/**
 * A count of committed audit writes in this process: a reader that keeps a page of the log (the
 * dashboard's /audit) keeps it only while this has not moved. Process-wide on globalThis, as
 * session-changes.ts, for the dashboard's bundle and the sources share one process.
 */
const WRITES = Symbol.for('zhixiao.auth.auditWrites');
type WritesSlot = { [WRITES]?: number };

export function auditWrites(): number {
  return (globalThis as WritesSlot)[WRITES] ?? 0;
}

function noteAuditWrite(): void {
  (globalThis as WritesSlot)[WRITES] = auditWrites() + 1;
}

export interface AuditQuery {
  action?: AuditAction | null;
  username?: string | null;
  limit?: number;
  offset?: number;
}

/** The newest entries first. */
export async function listAudit(warehouse: Warehouse, query: AuditQuery = {}): Promise<{ rows: AuditRow[]; total: number }> {
  const limit = Math.min(Math.max(query.limit ?? 200, 1), 1000);
  const offset = Math.max(query.offset ?? 0, 0);
  const params = { action: query.action ?? null, username: query.username ?? null };
  const where = '($action is null or action = $action) and ($username is null or username = $username)';
  return withAuthConnection(warehouse, async (c) => {
    const rows = (
      await c.runAndReadAll(
        `select audit_id::double as audit_id, strftime(logged_at, '%Y-%m-%d %H:%M:%S') as logged_at, username, role, scope_code, action, target, detail, address
         from auth.audit_log where ${where} order by audit_id desc limit $limit offset $offset`,
        { ...params, limit, offset },
      )
    ).getRowObjectsJson() as Record<string, unknown>[];
    const total = Number((await c.runAndReadAll(`select count(*)::double from auth.audit_log where ${where}`, params)).getRows()[0][0]);
    return {
      total,
      rows: rows.map((r) => ({
        audit_id: Number(r.audit_id),
        logged_at: String(r.logged_at),
        username: String(r.username),
        role: r.role === null ? null : String(r.role),
        scope_code: r.scope_code === null ? null : String(r.scope_code),
        action: r.action as AuditAction,
        action_label: AUDIT_ACTIONS[r.action as AuditAction] ?? String(r.action),
        target: r.target === null ? null : String(r.target),
        detail: r.detail === null ? null : String(r.detail),
        address: r.address === null ? null : String(r.address),
      })),
    };
  });
}

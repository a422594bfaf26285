/**
 * The audit log (auth.audit_log), append-only: who signed in (or failed to), who viewed
 * member-level pages (a branch's attendance matrix, chronic absentees, cadres), who exported or
 * uploaded what, who set an anomaly's status, who managed users — and when, from where.
 * Province users read it on the dashboard's /audit page.
 */
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

export async function recordAudit(warehouse: Warehouse, entry: AuditEntry, now: number = Date.now()): Promise<void> {
  await withAuthWrite(warehouse, (c) =>
    c.run(
      `insert into auth.audit_log (logged_at, username, role, scope_code, action, target, detail, address)
       values (to_timestamp($1::double / 1000), $2, $3, $4, $5, $6, $7, $8)`,
      [
        now,
        clip(entry.username, 128),
        entry.role ?? null,
        clip(entry.scopeCode, 64),
        entry.action,
        clip(entry.target, 1000),
        clip(entry.detail, 1000),
        clip(entry.address, 64),
      ],
    ),
  );
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

// 审计日志: the audit log, newest first, filtered by action and user; province users only (others 404).
import type { PageServerLoad } from './$types';
import { requireProvince } from '$lib/server/auth.ts';
import { getWarehouse } from '$lib/server/warehouse.ts';
import { pageResults } from '$lib/server/cache/results.ts';
import { dataGeneration } from '$lib/server/generation.ts';
import { AUDIT_ACTIONS, auditWrites, listAudit, type AuditAction } from '../../../../auth/audit.ts';

const PAGE_SIZE = 100;

export const load: PageServerLoad = async (event) => {
  requireProvince(event);
  const params = event.url.searchParams;
  const rawAction = params.get('action');
  const action = rawAction && rawAction in AUDIT_ACTIONS ? (rawAction as AuditAction) : null;
  const username = (params.get('user') ?? '').trim().slice(0, 128) || null;
  const page = Math.max(1, Math.min(10_000, Number.parseInt(params.get('page') ?? '1', 10) || 1));
  // Kept only until the next entry is written (auditWrites counts them): the log is shown as it is now.
  const key = ['audit', auditWrites(), action, username, page];
  const warehouse = await getWarehouse();
  const { rows, total } = await pageResults().get(dataGeneration(), key, () => listAudit(warehouse, { action, username, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }));
  return {
    rows,
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    action,
    username,
    actions: Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label })),
    title: event.locals.lang === 'en' ? 'Audit log' : '审计日志',
    crumbs: [],
  };
};

/**
 * The audit log's writes: entries made at the same time are committed together (group commit),
 * each call returning once its own entry is in, in the order of the calls.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/database.ts';
import { auditWrites, listAudit, recordAudit } from '../../auth/audit.ts';
import { twoUniversityWarehouse } from './helpers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-auth-audit-'));
let warehouse: Warehouse;

beforeAll(async () => {
  warehouse = await twoUniversityWarehouse(dir);
});
afterAll(() => {
  warehouse.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('audit entries', () => {
  it('made at the same time are committed together, every one of them, in the order of the calls', async () => {
    const before = auditWrites();
    const T0 = Date.parse('2024-07-01T09:00:00+08:00');
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        recordAudit(warehouse, { username: `u${i}`, role: 'province', action: 'view_members', target: `/b/B${i}`, detail: '出勤矩阵数据', address: '127.0.0.1' }, T0 + i * 1000),
      ),
    );
    const commits = auditWrites() - before;
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThan(40);
    const { rows, total } = await listAudit(warehouse, { action: 'view_members', limit: 1000 });
    expect(total).toBe(40);
    // Newest first: the last call's entry has the highest id.
    expect(rows.map((r) => r.username)).toEqual(Array.from({ length: 40 }, (_, i) => `u${39 - i}`));
    expect(rows.at(-1)).toMatchObject({ logged_at: '2024-07-01 09:00:00', role: 'province', target: '/b/B0', detail: '出勤矩阵数据', address: '127.0.0.1', action_label: '查看党员信息' });
  });

  it('a call made alone is committed on its own and is there when it returns', async () => {
    await recordAudit(warehouse, { username: 'alone', action: 'export', target: 'x.csv' });
    const { rows } = await listAudit(warehouse, { username: 'alone' });
    expect(rows.map((r) => r.target)).toEqual(['x.csv']);
  });
});

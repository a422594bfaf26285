/**
 * `npm start` on an empty warehouse: the demo data is ingested and three demo users are made —
 * the province, a university, a college of that university — their passwords printed once.
 * A warehouse that already has data gets no demo users.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { prepareWarehouse, type FirstRunResult } from '../../setup/first-run.ts';
import { findUser, listUsers } from '../../auth/users.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { listAudit } from '../../auth/audit.ts';
import { twoUniversityWarehouse } from './helpers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-first-run-'));
const dbPath = path.join(dir, 'data', 'w.duckdb');
let warehouse: Warehouse;
let first: FirstRunResult;
const log: string[] = [];

beforeAll(async () => {
  warehouse = await openWarehouse(dbPath);
  first = await prepareWarehouse(warehouse, dbPath, (line) => log.push(line));
}, 180_000);
afterAll(() => {
  warehouse.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the first run on demo data', () => {
  it('makes the province, a university and one of its colleges', async () => {
    const users = await listUsers(warehouse);
    expect(users.map((u) => [u.username, u.role])).toEqual([
      ['demo-province', 'province'],
      ['demo-university', 'university'],
      ['demo-college', 'college'],
    ]);
    const university = users[1].scope_code!;
    const college = users[2].scope_code!;
    const c = await warehouse.connect();
    try {
      const row = (await c.runAndReadAll('select university_code, org_type from org_units where org_code = $1', [college])).getRows()[0];
      expect(row[0]).toBe(university);
      expect(['院系党委', '党总支']).toContain(row[1]);
    } finally {
      c.closeSync();
    }
  });

  it('prints each password once, and they sign in', async () => {
    const text = log.join('\n');
    expect(text).toContain('已创建演示账号（密码只显示这一次');
    for (const user of first.demoUsers) {
      expect(text.split(user.password).length - 1).toBe(1);
      expect(await verifyPassword((await findUser(warehouse, user.username))!.password_hash, user.password)).toBe(true);
    }
    const { rows } = await listAudit(warehouse, { action: 'user_added' });
    expect(rows.map((r) => r.target).sort()).toEqual(['demo-college', 'demo-province', 'demo-university']);
  });

  it('makes no users on a later start', async () => {
    const again = await prepareWarehouse(warehouse, dbPath, () => undefined);
    expect(again.demoUsers).toEqual([]);
    expect(await listUsers(warehouse)).toHaveLength(3);
  });

  it('makes none for a warehouse that has data of its own', async () => {
    const other = path.join(dir, 'own');
    fs.mkdirSync(other);
    const own = await twoUniversityWarehouse(other);
    try {
      const result = await prepareWarehouse(own, path.join(other, 'w.duckdb'), () => undefined);
      expect(result).toEqual({ generated: null, ingest: null, demoUsers: [] });
      expect(await listUsers(own)).toEqual([]);
    } finally {
      own.close();
    }
  });
});

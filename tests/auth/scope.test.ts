/** The scope as SQL and as yes/no answers, on the two-university warehouse. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/database.ts';
import { allowsOrg, allowsUniversity, allowsWholeUniversity, PROVINCE, resolveScope, scopeSql, type Scope } from '../../auth/scope.ts';
import { query, twoUniversityWarehouse } from './helpers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-auth-scope-'));
let warehouse: Warehouse;
const U001: Scope = { role: 'university', universityCode: 'U001' };
const MAYUAN: Scope = { role: 'college', universityCode: 'U001', collegeCode: 'U001-C1' };

beforeAll(async () => {
  warehouse = await twoUniversityWarehouse(dir);
});
afterAll(() => {
  warehouse.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function membersIn(scope: Scope, columns: Parameters<typeof scopeSql>[1]): Promise<string[]> {
  const params: DuckDBValue[] = ['正式党员'];
  const where = scopeSql(scope, columns, params);
  const rows = await query<{ member_id: string }>(
    warehouse,
    `select m.member_id from members m join org_units o on o.org_code = m.branch_code
     where (m.member_status = $1 or true) and ${where} order by 1`,
    params,
  );
  return rows.map((r) => r.member_id);
}

describe('scopeSql', () => {
  it('restricts by university or college column with bound parameters', async () => {
    expect(await membersIn(PROVINCE, { university: 'o.university_code', college: 'o.parent_code' })).toEqual(['M1', 'M2', 'M3', 'M4']);
    expect(await membersIn(U001, { university: 'o.university_code', college: 'o.parent_code' })).toEqual(['M1', 'M2']);
    expect(await membersIn(MAYUAN, { university: 'o.university_code', college: 'o.parent_code' })).toEqual(['M1']);
  });

  it('restricts by a branch column when the relation has nothing else', async () => {
    expect(await membersIn(U001, { branch: 'm.branch_code' })).toEqual(['M1', 'M2']);
    expect(await membersIn(MAYUAN, { branch: 'm.branch_code' })).toEqual(['M1']);
  });

  it('binds named parameters too', () => {
    const named: Record<string, DuckDBValue> = {};
    expect(scopeSql(MAYUAN, { college: 'college_code' }, named)).toBe('(college_code = $scope_college)');
    expect(named).toEqual({ scope_college: 'U001-C1' });
  });

  it('refuses a relation it cannot restrict, and a column that is not a name', () => {
    expect(() => scopeSql(MAYUAN, { university: 'university_code' }, [])).toThrow('no column to restrict a college scope');
    expect(() => scopeSql(U001, { university: "u; drop table users" }, [])).toThrow('not a column name');
    expect(scopeSql(PROVINCE, {}, [])).toBe('true');
  });
});

describe('codes named in a URL', () => {
  it('answers for universities', () => {
    expect([allowsUniversity(PROVINCE, 'U002'), allowsUniversity(U001, 'U001'), allowsUniversity(U001, 'U002'), allowsUniversity(MAYUAN, 'U001')]).toEqual([true, true, false, true]);
    expect([allowsWholeUniversity(U001, 'U001'), allowsWholeUniversity(MAYUAN, 'U001')]).toEqual([true, false]);
  });

  it('answers for org units, by their place', async () => {
    const c = await warehouse.connect();
    try {
      const ask = async (scope: Scope, code: string) => allowsOrg(c, scope, code);
      expect(await ask(U001, 'U001-C2-B1')).toBe(true);
      expect(await ask(U001, 'U002-C1-B1')).toBe(false);
      expect(await ask(MAYUAN, 'U001-C1')).toBe(true);
      expect(await ask(MAYUAN, 'U001-C1-B1')).toBe(true);
      expect(await ask(MAYUAN, 'U001-C2-B1')).toBe(false);
      expect(await ask(MAYUAN, 'U001-DW')).toBe(false);
      expect(await ask(PROVINCE, 'NOPE')).toBe(false);
      expect(await resolveScope(c, 'college', 'U002-C1')).toEqual({ role: 'college', universityCode: 'U002', collegeCode: 'U002-C1' });
      expect(await resolveScope(c, 'college', 'U002-C1-B1')).toBeNull();
      expect(await resolveScope(c, 'university', 'U404')).toBeNull();
    } finally {
      c.closeSync();
    }
  });
});

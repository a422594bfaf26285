/** `zhixiao users …` as a person runs it: exit codes, messages, a generated password shown once. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/database.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { query, twoUniversityWarehouse } from './helpers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-auth-cli-'));
const db = path.join(dir, 'w.duckdb');
const bin = path.resolve('bin/zhixiao.js');

function zhixiao(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, 'users', ...args, '--db', db], { encoding: 'utf8', input, env: { ...process.env, USER: 'tester' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function storedHash(name: string): Promise<string> {
  const w = await openWarehouse(db);
  try {
    return (await query<{ h: string }>(w, 'select password_hash as h from auth.users where username = $1', [name]))[0].h;
  } finally {
    w.close();
  }
}

beforeAll(async () => {
  (await twoUniversityWarehouse(dir)).close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('zhixiao users', () => {
  it('adds a province user with a generated password printed once, and it works', async () => {
    const r = zhixiao(['add', 'sheng', '--role', 'province']);
    expect(r.code).toBe(0);
    const password = /初始密码（只显示这一次，请妥善转交）：(\S+)/.exec(r.out)![1];
    expect(password).toMatch(/^[\w]{5}(-[\w]{5}){3}$/);
    expect(await verifyPassword(await storedHash('sheng'), password)).toBe(true);
    expect(zhixiao(['list']).out).not.toContain(password);
  });

  it('adds a university and a college user with a password from stdin', async () => {
    expect(zhixiao(['add', 'hefei', '--role', 'university', '--scope', 'U001', '--password-stdin'], 'anhui-secret-phrase\n')).toMatchObject({ code: 0 });
    const r = zhixiao(['add', 'jidian', '--role', 'college', '--scope', 'U002-C1', '--password-stdin'], 'a college pass phrase');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('密码（只显示这一次');
    expect(await verifyPassword(await storedHash('hefei'), 'anhui-secret-phrase')).toBe(true);
  });

  it('lists users with their roles and scopes, as JSON too', () => {
    const json = JSON.parse(zhixiao(['list', '--json']).out) as { username: string; role: string; scope_code: string | null }[];
    expect(json.map((u) => [u.username, u.role, u.scope_code])).toEqual([
      ['sheng', 'province', null],
      ['hefei', 'university', 'U001'],
      ['jidian', 'college', 'U002-C1'],
    ]);
    expect(zhixiao(['list']).out).toMatch(/hefei\s+高校 university\s+U001/);
  });

  it('refuses a scope that is missing, unknown or of the wrong kind, with exit 2 and a clear message', () => {
    expect(zhixiao(['add', 'x1', '--role', 'university'])).toMatchObject({ code: 2, err: expect.stringContaining('高校用户需要 --scope 高校代码') });
    expect(zhixiao(['add', 'x1', '--role', 'university', '--scope', 'U999'])).toMatchObject({ code: 2, err: expect.stringContaining('数据仓库中没有高校代码「U999」') });
    expect(zhixiao(['add', 'x1', '--role', 'university', '--scope', 'U999']).err).toContain('现有高校代码：U001、U002');
    expect(zhixiao(['add', 'x1', '--role', 'college', '--scope', 'U001-C1-B1'])).toMatchObject({ code: 2, err: expect.stringContaining('是党支部，不是院系') });
    expect(zhixiao(['add', 'x1', '--role', 'college', '--scope', 'U001'])).toMatchObject({ code: 2, err: expect.stringContaining('没有组织代码「U001」') });
    expect(zhixiao(['add', 'x1', '--role', 'province', '--scope', 'U001'])).toMatchObject({ code: 2, err: expect.stringContaining('省级用户不需要 --scope') });
    expect(zhixiao(['add', 'x1', '--role', 'admin'])).toMatchObject({ code: 2, err: expect.stringContaining('角色「admin」无效') });
  });

  it('refuses a weak password, a taken name, a bad name and unknown sub-commands', () => {
    expect(zhixiao(['add', 'x2', '--role', 'province', '--password-stdin'], 'short\n')).toMatchObject({ code: 2, err: expect.stringContaining('密码太短') });
    expect(zhixiao(['add', 'hefei', '--role', 'university', '--scope', 'U001'])).toMatchObject({ code: 2, err: expect.stringContaining('用户「hefei」已存在') });
    expect(zhixiao(['add', 'a b', '--role', 'province'])).toMatchObject({ code: 2, err: expect.stringContaining('用户名「a b」无效') });
    expect(zhixiao(['grant', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining('未知的子命令「grant」') });
    expect(zhixiao([])).toMatchObject({ code: 2, err: expect.stringContaining('zhixiao users add NAME') });
    expect(JSON.parse(zhixiao(['list', '--json']).out)).toHaveLength(3);
  });

  it('changes a password (a new one printed once) and removes a user', async () => {
    const r = zhixiao(['passwd', 'hefei']);
    expect(r.code).toBe(0);
    const password = /新密码（只显示这一次，请妥善转交）：(\S+)/.exec(r.out)![1];
    expect(await verifyPassword(await storedHash('hefei'), password)).toBe(true);
    expect(zhixiao(['passwd', 'nobody'])).toMatchObject({ code: 2, err: expect.stringContaining('没有用户「nobody」') });
    expect(zhixiao(['remove', 'jidian'])).toMatchObject({ code: 0 });
    expect(zhixiao(['remove', 'jidian'])).toMatchObject({ code: 2 });
  });

  it('writes each change to the audit log under the OS user', async () => {
    const w = await openWarehouse(db);
    try {
      const rows = await query<{ username: string; action: string; target: string }>(w, 'select username, action, target from auth.audit_log order by audit_id');
      expect(rows).toEqual([
        { username: '命令行:tester', action: 'user_added', target: 'sheng' },
        { username: '命令行:tester', action: 'user_added', target: 'hefei' },
        { username: '命令行:tester', action: 'user_added', target: 'jidian' },
        { username: '命令行:tester', action: 'user_password', target: 'hefei' },
        { username: '命令行:tester', action: 'user_removed', target: 'jidian' },
      ]);
    } finally {
      w.close();
    }
  });
});

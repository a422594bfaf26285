import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../warehouse/errors.ts';
import { openWarehouse } from '../../warehouse/database.ts';
import { listMigrations } from '../../warehouse/migrate.ts';

describe('openWarehouse', () => {
  it('creates the nine contract tables and the ingest bookkeeping on a fresh database', async () => {
    const warehouse = await openWarehouse(':memory:');
    const c = await warehouse.connect();
    const tables = (await c.runAndReadAll("select table_name from duckdb_tables() where schema_name = 'main' order by 1"))
      .getRows()
      .map((r) => r[0]);
    expect(tables).toEqual(
      expect.arrayContaining([
        'activities', 'attendance', 'cases', 'evaluations', 'ingest_runs', 'members', 'observations',
        'org_units', 'quarantine', 'rectifications', 'schema_migrations', 'source_files', 'universities',
      ]),
    );
    const applied = (await c.runAndReadAll('select count(*)::int from schema_migrations')).getRows()[0][0];
    expect(applied).toBe(listMigrations().length);
    c.closeSync();
    warehouse.close();
  });

  it('pins the time zone to Asia/Shanghai and turns extension downloads off', async () => {
    const warehouse = await openWarehouse(':memory:');
    const c = await warehouse.connect();
    const row = (
      await c.runAndReadAll(
        "select current_setting('TimeZone'), current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions')",
      )
    ).getRows()[0];
    expect(row).toEqual(['Asia/Shanghai', false, false]);
    c.closeSync();
    warehouse.close();
  });

  it('never stores a clear ID number column in members', async () => {
    const warehouse = await openWarehouse(':memory:');
    const c = await warehouse.connect();
    const cols = (await c.runAndReadAll("select column_name from duckdb_columns() where table_name = 'members'"))
      .getRows()
      .map((r) => r[0]);
    expect(cols).toContain('id_hash');
    expect(cols).not.toContain('id_number');
    c.closeSync();
    warehouse.close();
  });
});

describe('a --db that is no warehouse', () => {
  it('refuses an export file and a file that is not a DuckDB database, saying what to do, and opens a new one and opens it again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-notdb-'));
    try {
      fs.writeFileSync(path.join(dir, 'u.csv'), '高校代码,高校名称,所在地市\nU1,甲,合肥\n');
      fs.writeFileSync(path.join(dir, 'notes.dat'), 'some text that is no database at all\n');
      await expect(openWarehouse(path.join(dir, 'u.csv'))).rejects.toThrow(/不是导出文件.*zhixiao ingest/);
      await expect(openWarehouse(path.join(dir, 'new.xlsx'))).rejects.toBeInstanceOf(UserError);
      await expect(openWarehouse(path.join(dir, 'notes.dat'))).rejects.toThrow(/不是数据仓库文件（DuckDB 数据库）/);
      expect(fs.readFileSync(path.join(dir, 'u.csv'), 'utf8')).toBe('高校代码,高校名称,所在地市\nU1,甲,合肥\n');
      fs.writeFileSync(path.join(dir, 'empty.duckdb'), '');
      await expect(openWarehouse(path.join(dir, 'empty.duckdb'))).rejects.toThrow(/不是数据仓库文件/);
      const warehouse = await openWarehouse(path.join(dir, 'new.duckdb'));
      warehouse.close();
      const again = await openWarehouse(path.join(dir, 'new.duckdb')); // now a real one: its header says DUCK
      again.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

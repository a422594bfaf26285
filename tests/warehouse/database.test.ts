import { describe, expect, it } from 'vitest';
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

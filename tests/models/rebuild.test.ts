/**
 * The model rebuild after an ingest: a run that changes data rebuilds the marts; the same
 * exports again (nothing loaded, nothing updated) keep them, unless the models or their
 * configuration changed since they were built.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openWarehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import { ensureModelsCurrent, rebuildAfterIngest } from '../../models/rebuild.ts';
import { buildModels, modelsCurrent } from '../../models/runner.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-rebuild-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function writeExports(dir: string, title: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'u.csv'), '高校代码,高校名称,所在地市\nU1,甲大学,合肥\n');
  fs.writeFileSync(
    path.join(dir, 'o.csv'),
    ['组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别', 'U1P,甲党委,高校党委,,U1,', 'B1,一支部,党支部,U1P,U1,学生'].join('\n') + '\n',
  );
  fs.writeFileSync(
    path.join(dir, 'a.csv'),
    ['活动编号,支部代码,活动类型,活动主题,开始时间', `A1,B1,主题党日,${title},2024-03-05 14:30`].join('\n') + '\n',
  );
}

async function builtAt(c: DuckDBConnection): Promise<string> {
  return String((await c.runAndReadAll('select built_at::varchar from model_build')).getRows()[0]![0]);
}

async function activityTitle(c: DuckDBConnection): Promise<string> {
  return String((await c.runAndReadAll('select title from int_activities')).getRows()[0]![0]);
}

describe('the model rebuild after an ingest', () => {
  it('rebuilds when data changed, keeps the marts when a run changed nothing', async () => {
    const warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
    const builds: string[] = [];
    const ingest = (dir: string) =>
      runIngest(warehouse, [dir], {
        hashKey: 'k',
        buildModels: async (c, changes) => {
          const result = await rebuildAfterIngest(c, changes, () => undefined);
          builds.push(result === null ? 'kept' : 'built');
        },
      });
    writeExports(path.join(root, 'first'), '学习');
    await ingest(path.join(root, 'first'));
    const c = await warehouse.connect();
    expect(await modelsCurrent(c)).toBe(true);
    const first = await builtAt(c);

    // The same rows in other files (other bytes: a trailing blank line): nothing loaded or updated.
    writeExports(path.join(root, 'again'), '学习');
    for (const f of fs.readdirSync(path.join(root, 'again'))) fs.appendFileSync(path.join(root, 'again', f), '\n');
    const again = await ingest(path.join(root, 'again'));
    expect(again.files.map((f) => f.status)).toEqual(['loaded', 'loaded', 'loaded']);
    expect(again.files.reduce((n, f) => n + f.rows_loaded + f.rows_updated, 0)).toBe(0);
    expect(builds).toEqual(['built', 'kept']);
    expect(await builtAt(c)).toBe(first);

    // One changed title: the run updates a row and the marts follow.
    writeExports(path.join(root, 'changed'), '党史学习');
    const changed = await ingest(path.join(root, 'changed'));
    expect(changed.files.find((f) => path.basename(f.path) === 'a.csv')?.rows_updated).toBe(1);
    expect(builds).toEqual(['built', 'kept', 'built']);
    expect(await activityTitle(c)).toBe('党史学习');
    c.closeSync();
    warehouse.close();
  });

  it('does not count marts of another configuration or as_of as current', async () => {
    const warehouse = await openWarehouse(':memory:');
    const c = await warehouse.connect();
    expect(await modelsCurrent(c)).toBe(false); // never built
    await buildModels(c, { checks: false });
    expect(await modelsCurrent(c)).toBe(true);
    await buildModels(c, { checks: false, asOf: '2024-06-30' });
    expect(await modelsCurrent(c)).toBe(false);
    const config = JSON.parse(fs.readFileSync(path.resolve('models/config.json'), 'utf8'));
    await buildModels(c, { checks: false, config: { ...config, note: 'what-if' } });
    expect(await modelsCurrent(c)).toBe(false);
    // A run that changed nothing still rebuilds such marts.
    expect(await rebuildAfterIngest(c, { dataChanged: false }, () => undefined)).not.toBeNull();
    expect(await modelsCurrent(c)).toBe(true);
    c.closeSync();
    warehouse.close();
  });

  it('rebuilds before serving when the marts are of other models or configuration, once', async () => {
    const warehouse = await openWarehouse(path.join(root, 'serve.duckdb'));
    const c = await warehouse.connect();
    const config = JSON.parse(fs.readFileSync(path.resolve('models/config.json'), 'utf8'));
    await buildModels(c, { checks: false, config: { ...config, note: 'older' } });
    const lines: string[] = [];
    expect(await ensureModelsCurrent(warehouse, (l) => lines.push(l))).toBe(true);
    expect(await modelsCurrent(c)).toBe(true);
    expect(lines.some((l) => l.includes('正在重建'))).toBe(true);
    expect(await ensureModelsCurrent(warehouse, (l) => lines.push(l))).toBe(false);
    c.closeSync();
    warehouse.close();
  });
});

describe('a model built as the other kind before (an upgrade)', () => {
  it('turns a table into a view, and a view into a table, when the model says so', async () => {
    const warehouse = await openWarehouse(path.join(root, 'kinds.duckdb'));
    const c = await warehouse.connect();
    try {
      // as an older zhixiao left them: the cadence mart as a table, an intermediate model as a view
      await c.run('create table mart_cadence_cells as select 1 as x');
      await c.run('create view int_branches as select 1 as x');
      await buildModels(c, { checks: false });
      const kinds = (
        await c.runAndReadAll(
          "select table_name, table_type from information_schema.tables where table_name in ('mart_cadence_cells', 'int_branches', 'stg_members') order by 1",
        )
      ).getRowObjectsJson();
      expect(kinds).toEqual([
        { table_name: 'int_branches', table_type: 'BASE TABLE' },
        { table_name: 'mart_cadence_cells', table_type: 'VIEW' },
        { table_name: 'stg_members', table_type: 'VIEW' },
      ]);
    } finally {
      c.closeSync();
      warehouse.close();
    }
  });
});

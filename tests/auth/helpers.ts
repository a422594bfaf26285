/**
 * A small two-university warehouse loaded through the real ingest (CSV exports with ID numbers),
 * for the access-control tests: U001 with colleges U001-C1 and U001-C2, U002 with U002-C1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';

/** ID numbers in the exports: none of them may ever be found in the database file. */
export const ID_NUMBERS = ['340104199001011234', '34010419851212567X', '340202199203034321', '340202198807078765'];

export const EXPORTS: Record<string, string> = {
  'universities.csv': '高校代码,高校名称,所在地市\nU001,合肥示范大学,合肥\nU002,芜湖职业技术学院,芜湖\n',
  'org_units.csv': [
    '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别',
    'U001-DW,中共合肥示范大学委员会,高校党委,,U001,',
    'U001-C1,马克思主义学院党委,院系党委,U001-DW,U001,',
    'U001-C1-B1,马院教工第一党支部,党支部,U001-C1,U001,教职工',
    'U001-C2,计算机学院党委,院系党委,U001-DW,U001,',
    'U001-C2-B1,计算机学生第一党支部,党支部,U001-C2,U001,学生',
    'U002-DW,中共芜湖职业技术学院委员会,高校党委,,U002,',
    'U002-C1,机电学院党总支,党总支,U002-DW,U002,',
    'U002-C1-B1,机电教工党支部,党支部,U002-C1,U002,教职工',
  ].join('\n') + '\n',
  'members.csv': [
    '党员编号,姓名,身份证号,党员类别,所在支部代码',
    `M1,张三华,${ID_NUMBERS[0]},正式党员,U001-C1-B1`,
    `M2,李四明,${ID_NUMBERS[1]},正式党员,U001-C2-B1`,
    `M3,王五丽,${ID_NUMBERS[2]},预备党员,U002-C1-B1`,
    `M4,赵六强,${ID_NUMBERS[3]},正式党员,U002-C1-B1`,
  ].join('\n') + '\n',
};

export function writeExports(dir: string, files: Record<string, string> = EXPORTS): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** A warehouse at `dir/w.duckdb` holding EXPORTS (loaded by an unscoped, province ingest). */
export async function twoUniversityWarehouse(dir: string): Promise<Warehouse> {
  const warehouse = await openWarehouse(path.join(dir, 'w.duckdb'));
  await runIngest(warehouse, [writeExports(path.join(dir, 'exports'))], { hashKey: 'test-key' });
  return warehouse;
}

export async function query<T = Record<string, unknown>>(warehouse: Warehouse, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = await warehouse.connect();
  try {
    return (await c.runAndReadAll(sql, params as never)).getRowObjectsJson() as T[];
  } finally {
    c.closeSync();
  }
}

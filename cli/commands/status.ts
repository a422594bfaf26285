/** `zhixiao status [--json]` */
import fs from 'node:fs';
import { parseCommandArgs } from '../args.ts';
import { openWarehouse } from '../../warehouse/database.ts';
import { resolveDbPath } from '../../warehouse/paths.ts';
import { readStatus } from '../../warehouse/status.ts';
import { tableSpec, type TableName } from '../../ingest/contract/tables.ts';
import { formatTable } from '../table.ts';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
  const dbPath = resolveDbPath(values.db as string | undefined);
  // Where no warehouse exists yet the status is an empty one's, read from an empty warehouse in
  // memory: asking must not create a file (a mistyped --db would leave one behind).
  const exists = fs.existsSync(dbPath);
  const status = await readStatus(await openWarehouse(exists ? dbPath : ':memory:'));
  if (!exists) process.stderr.write(`提示：${dbPath} 还没有数据仓库（尚未导入数据，或 --db / ZHIXIAO_DB 的路径有误）。No warehouse there yet.\n`);
  if (values.json) {
    process.stdout.write(JSON.stringify(status) + '\n');
    return 0;
  }
  const rows = Object.entries(status.tables).map(([name, n]) => [tableSpec(name as TableName).label, name, n.toLocaleString('zh-CN')]);
  process.stdout.write(`数据仓库 ${dbPath}\n`);
  process.stdout.write(formatTable(['表', 'table', '行数'], rows) + '\n');
  process.stdout.write(`隔离中的行：${status.quarantined}　导入批次：${status.runs}　数据截至 (as_of)：${status.as_of ?? '—'}\n`);
  return 0;
}

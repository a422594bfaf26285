/** `zhixiao build [--as-of DATE]`: rebuild every model in one transaction. */
import { parseCommandArgs } from '../args.ts';
import { buildModels } from '../../models/runner.ts';
import { inTransaction, openExistingWarehouse } from '../../warehouse/database.ts';
import { resolveDbPath } from '../../warehouse/paths.ts';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
  const warehouse = await openExistingWarehouse(resolveDbPath(values.db as string | undefined));
  const result = await inTransaction(warehouse, (c) => buildModels(c));
  if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
  else process.stdout.write(`已重建 ${result.models.length} 个模型，用时 ${result.ms} ms\n`);
  return 0;
}

/**
 * `npm start` / `zhixiao start [--host] [--port] [--db]`: on an empty warehouse, demo
 * data is generated, ingested and modelled (setup/first-run.ts); then the dashboard is
 * served on 127.0.0.1 until Ctrl-C.
 */
import { parseCommandArgs } from '../args.ts';
import { openWarehouse } from '../../warehouse/database.ts';
import { resolveDbPath } from '../../warehouse/paths.ts';
import { prepareWarehouse } from '../../setup/first-run.ts';
import { run as serve } from './serve.ts';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '5173' },
  });
  const dbPath = resolveDbPath(values.db);
  const warehouse = await openWarehouse(dbPath);
  await prepareWarehouse(warehouse, dbPath);
  // serve reuses this process's warehouse instance (one instance per file per process)
  return serve(['--db', dbPath, '--host', String(values.host), '--port', String(values.port)]);
}

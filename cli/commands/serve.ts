/**
 * `zhixiao serve [--host 127.0.0.1] [--port 5173] [--db FILE]` — the dashboard, served in this
 * process (which then owns the warehouse) until Ctrl-C. The server itself: dashboard/server/start.ts.
 */
import { parseCommandArgs } from '../args.ts';
import { resolveDbPath } from '../../warehouse/paths.ts';
import { UserError } from '../../warehouse/errors.ts';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '5173' },
    build: { type: 'boolean', default: false },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port 应为 0–65535 的整数，而不是“${values.port}”`, 2);
  const dbPath = resolveDbPath(values.db);
  const { startServer } = await import('../../dashboard/server/start.ts');
  const server = await startServer({ dbPath, host: values.host, port, forceBuild: values.build });
  process.stdout.write(`质效看板已启动 Dashboard running: ${server.url}\n数据仓库 Warehouse: ${dbPath}\n按 Ctrl-C 停止 (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  process.stdout.write('看板已停止 Dashboard stopped.\n');
  return 0;
}

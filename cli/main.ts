/**
 * `zhixiao` command line: picks the command and hands it the remaining arguments.
 * Each command lives in cli/commands/<name>.ts and returns its exit code
 * (0 success, 1 finished but something was refused, 2 usage error / nothing done).
 */
import { UserError } from '../warehouse/errors.ts';
import { HelpRequested } from './args.ts';

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  start: { summary: '一键启动：无数据时生成演示数据、导入、建模并启动看板', load: async () => (await import('./commands/start.ts')).run },
  ingest: { summary: '导入导出文件 ingest PATH…', load: async () => (await import('./commands/ingest.ts')).run },
  status: { summary: '数据仓库状态', load: async () => (await import('./commands/status.ts')).run },
  demo: { summary: '生成演示数据', load: async () => (await import('./commands/demo.ts')).run },
  build: { summary: '重建指标模型', load: async () => (await import('./commands/build.ts')).run },
  report: { summary: '输出指标、排名、异常与研判报告', load: async () => (await import('./commands/report.ts')).run },
  serve: { summary: '启动看板', load: async () => (await import('./commands/serve.ts')).run },
  users: { summary: '用户管理', load: async () => (await import('./commands/users.ts')).run },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return ['用法 Usage: zhixiao <命令> [选项]', '', ...lines, '', '每个命令都接受 --db FILE（默认 $ZHIXIAO_DB 或 data/zhixiao.duckdb）。'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    // asked for: on stdout, success; no command at all is a usage error, said on stderr
    (name ? process.stdout : process.stderr).write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`未知命令 unknown command: ${name}\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`zhixiao ${name}：${command.summary}\n${error.message}\n`);
      return 0;
    }
    if (error instanceof UserError) {
      process.stderr.write(`错误 Error: ${error.message}\n`);
      return error.exitCode;
    }
    const file = fileErrorMessage(error);
    if (file) {
      process.stderr.write(`错误 Error: ${file}\n`);
      return 2;
    }
    process.stderr.write(`内部错误 Internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}

/** Why the system refused to read or write a file, for the person who named it. */
const FILE_ERRORS: Record<string, string> = {
  EISDIR: '这是一个文件夹，不是文件',
  ENOTDIR: '路径中有一段不是文件夹',
  EEXIST: '路径中有一段是已有的文件，不是文件夹',
  ENOENT: '文件或文件夹不存在',
  EACCES: '没有读写权限',
  EPERM: '没有读写权限',
  EROFS: '所在磁盘是只读的',
  ENOSPC: '磁盘空间不足',
};

/** A file system error (an --out that is a folder, a read-only disk …) as a message, or null. */
export function fileErrorMessage(error: unknown): string | null {
  const e = error as NodeJS.ErrnoException;
  const why = typeof e?.code === 'string' ? FILE_ERRORS[e.code] : undefined;
  if (!why) return null;
  const where = e.path ? `「${e.path}」` : '';
  return `无法读写${where}：${why}。请检查命令里的路径（如 --out 应是一个文件的路径）后重试。(${e.code})`;
}

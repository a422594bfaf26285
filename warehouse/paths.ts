import path from 'node:path';

/** The default warehouse file, relative to the working directory. */
export const DEFAULT_DB_PATH = path.join('data', 'zhixiao.duckdb');

/** `--db FILE`, else `$ZHIXIAO_DB`, else `data/zhixiao.duckdb` (cli.md). */
export function resolveDbPath(flag?: string | null): string {
  return path.resolve(flag || process.env.ZHIXIAO_DB || DEFAULT_DB_PATH);
}

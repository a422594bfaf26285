import path from 'node:path';

/** The default warehouse file, relative to the working directory. */
export const DEFAULT_DB_PATH = path.join('data', 'zhixiao.duckdb');

/** `--db FILE`, else `$ZHIXIAO_DB`, else `data/zhixiao.duckdb` (cli.md). */
export function resolveDbPath(flag?: unknown): string {
  const given = typeof flag === 'string' && flag ? flag : null;
  return path.resolve(given || process.env.ZHIXIAO_DB || DEFAULT_DB_PATH);
}

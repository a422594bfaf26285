/**
 * The embedded DuckDB warehouse: one instance per file per process (the library
 * warns against two), opened with extension downloads off and the time zone pinned.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { UserError, WarehouseLockedError } from './errors.ts';
import { migrate } from './migrate.ts';
import { removeUncommittedRuns } from './recover.ts';

export interface Warehouse {
  path: string;
  instance: DuckDBInstance;
  /** Open a connection with the session settings every unit of work needs. */
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

export interface OpenOptions {
  /** Memory limit for DuckDB, e.g. '2GB'. Default: $ZHIXIAO_MEMORY_LIMIT or DuckDB's own. */
  memoryLimit?: string;
  threads?: number;
}

const open = new Map<string, Promise<Warehouse>>();

/** Open (creating and migrating if needed) the warehouse at `dbPath`; cached per process. */
export function openWarehouse(dbPath: string, options: OpenOptions = {}): Promise<Warehouse> {
  const key = dbPath === ':memory:' ? `:memory:${open.size}` : path.resolve(dbPath);
  const existing = dbPath === ':memory:' ? undefined : open.get(key);
  if (existing) return existing;
  const pending = createWarehouse(dbPath, options);
  open.set(key, pending);
  pending.catch(() => open.delete(key)); // a failed open may be retried; the caller sees the error
  return pending;
}

/**
 * Open the warehouse at `dbPath` for a command that reads it (report, build): a path where
 * none exists is a mistyped --db or $ZHIXIAO_DB far more often than a wish for an empty one,
 * so it is said, and no file is left behind.
 */
export function openExistingWarehouse(dbPath: string, options: OpenOptions = {}): Promise<Warehouse> {
  if (dbPath !== ':memory:' && !fs.existsSync(dbPath)) {
    const resolved = path.resolve(dbPath);
    return Promise.reject(
      new UserError(
        `没有找到数据仓库：${resolved}。请检查 --db 或环境变量 ZHIXIAO_DB 的路径，或先导入数据（zhixiao ingest PATH… --db ${dbPath}）。\n` +
          `No warehouse at ${resolved}: check --db or $ZHIXIAO_DB, or ingest exports first.`,
        2,
      ),
    );
  }
  return openWarehouse(dbPath, options);
}

/** The bytes a DuckDB database file holds at offset 8 (its main header's magic). */
const DUCKDB_MAGIC = Buffer.from('DUCK');

/**
 * A --db that names something other than a warehouse: an export file (DuckDB would open a
 * .csv or .xlsx path as a database of its own and keep nothing), or a file that is not a
 * DuckDB database. Said before DuckDB is asked, in words a person can act on.
 */
function notAWarehouse(dbPath: string): string | null {
  const resolved = path.resolve(dbPath);
  if (/\.(csv|tsv|txt|xlsx|xls|json|parquet)$/i.test(resolved)) {
    return `--db 应是数据仓库文件（如 data/zhixiao.duckdb），不是导出文件：${resolved}。要导入它，请写 zhixiao ingest ${dbPath}。`;
  }
  if (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory()) {
    return `--db 指向的是一个文件夹：${resolved}。请指定数据仓库文件，如 ${path.join(dbPath, 'zhixiao.duckdb')}（不存在时会新建）。`;
  }
  let header: Buffer;
  try {
    const fd = fs.openSync(resolved, 'r');
    try {
      header = Buffer.alloc(12);
      const read = fs.readSync(fd, header, 0, 12, 0);
      header = header.subarray(0, read);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null; // no such file yet (a new warehouse), or DuckDB will say why it cannot open it
  }
  return header.length >= 12 && header.subarray(8, 12).equals(DUCKDB_MAGIC)
    ? null
    : `${resolved} 不是数据仓库文件（DuckDB 数据库）：请用 --db 指定 zhixiao 的 .duckdb 文件，或指定一个尚不存在的路径新建。`;
}

async function createWarehouse(dbPath: string, options: OpenOptions): Promise<Warehouse> {
  if (dbPath !== ':memory:') {
    const refusal = notAWarehouse(dbPath);
    if (refusal) throw new UserError(refusal, 2);
    fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  }
  const config: Record<string, string> = {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    // Tables built inside a run's transaction have no statistics yet, so DuckDB may guess an
    // ASOF join's left side is tiny and run it as a nested loop: at province scale that made
    // one model (int_branch_calendar) take 23 s instead of 0.3 s. Always use the ASOF operator.
    asof_loop_join_threshold: '0',
  };
  const memoryLimit = options.memoryLimit ?? process.env.ZHIXIAO_MEMORY_LIMIT;
  if (memoryLimit) config.memory_limit = memoryLimit;
  if (options.threads) config.threads = String(options.threads);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(dbPath, config);
  } catch (error) {
    const message = String((error as Error).message ?? error);
    if (/Could not set lock|Conflicting lock/i.test(message)) {
      const pid = /PID (\d+)/.exec(message);
      throw new WarehouseLockedError(path.resolve(dbPath), pid ? `PID ${pid[1]}` : null);
    }
    throw error;
  }
  const connect = async () => {
    const connection = await instance.connect();
    await connection.run("SET TimeZone = 'Asia/Shanghai'");
    return connection;
  };
  const setup = await connect();
  try {
    await migrate(setup);
    await removeUncommittedRuns(setup);
  } finally {
    setup.closeSync();
  }
  return {
    path: dbPath,
    instance,
    connect,
    close() {
      open.delete(path.resolve(dbPath));
      instance.closeSync();
    },
  };
}

/** Run `work` inside one transaction on a fresh connection: all of it commits, or none. */
export async function inTransaction<T>(warehouse: Warehouse, work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const connection = await warehouse.connect();
  try {
    await connection.run('BEGIN TRANSACTION');
    try {
      const result = await work(connection);
      await connection.run('COMMIT');
      return result;
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
  } finally {
    connection.closeSync();
  }
}

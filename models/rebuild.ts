/**
 * The model rebuild an ingest runs inside its transaction. A failed data test does not
 * roll the analyst's data back: it is reported (stderr, the server log) so the figure
 * can be looked at, while `zhixiao build` still fails on it.
 * A run that loaded and updated nothing (the same exports again) keeps the marts when they
 * are the build of the current models and configuration: nothing they depend on changed.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { inTransaction, type Warehouse } from '../warehouse/database.ts';
import { buildModels, modelsCurrent, type BuildResult } from './runner.ts';

export interface RunChanges {
  /** Whether the run loaded, updated or resolved any row. */
  dataChanged: boolean;
}

export async function rebuildAfterIngest(
  connection: DuckDBConnection,
  changes: RunChanges = { dataChanged: true },
  warn: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Promise<BuildResult | null> {
  if (!changes.dataChanged && (await modelsCurrent(connection))) return null;
  return buildReportingFailures(connection, warn);
}

/** Build every model; failed data tests are told through `warn`, not thrown. */
async function buildReportingFailures(connection: DuckDBConnection, warn: (line: string) => void): Promise<BuildResult> {
  const result = await buildModels(connection, { reportCheckFailures: true });
  for (const f of result.checkFailures) {
    warn(`警告 Warning: 指标数据校验未通过 data test failed: ${f.check}（${f.n_failures} 行），例如 ${JSON.stringify(f.sample[0] ?? null)}`);
  }
  return result;
}

/**
 * Before the dashboard serves a warehouse: marts built by other model definitions or another
 * configuration (an upgrade of zhixiao, an edited config.json, a warehouse never built) are
 * rebuilt first, in one transaction, so that no page reads marts the models no longer make.
 * Returns whether it rebuilt.
 */
export async function ensureModelsCurrent(warehouse: Warehouse, log: (line: string) => void): Promise<boolean> {
  const connection = await warehouse.connect();
  try {
    if (await modelsCurrent(connection)) return false;
  } finally {
    connection.closeSync();
  }
  log('指标模型与当前的模型定义或配置不一致，正在重建… Rebuilding the models (their definitions or configuration changed)…');
  const result = await inTransaction(warehouse, (c) => buildReportingFailures(c, log));
  log(`已重建 ${result.models.length} 个模型，用时 ${result.ms} ms`);
  return true;
}

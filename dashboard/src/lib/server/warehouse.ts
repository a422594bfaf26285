/**
 * The dashboard's handle on the warehouse. The server process (dashboard/server/start.ts)
 * opens the warehouse once and hands it over through a process-global slot, so the app and
 * the CLI share one DuckDB instance (two on one file would corrupt it). Under `vite dev`,
 * hooks.server.ts provides `$ZHIXIAO_DB` itself.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Warehouse } from '../../../../warehouse/database.ts';

const SLOT = Symbol.for('zhixiao.dashboard.warehouse');
type Slot = { [SLOT]?: Promise<Warehouse> };

/** Called by the server process before the first request. */
export function provideWarehouse(warehouse: Promise<Warehouse>): void {
  (globalThis as Slot)[SLOT] = warehouse;
}

export function hasWarehouse(): boolean {
  return (globalThis as Slot)[SLOT] !== undefined;
}

export function getWarehouse(): Promise<Warehouse> {
  const provided = (globalThis as Slot)[SLOT];
  if (provided) return provided;
  throw new Error('No warehouse was provided: start the dashboard with `zhixiao serve` (dashboard/server/start.ts).');
}

/** Run `work` on a fresh connection, closed afterwards whatever happens. */
export async function withConnection<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const warehouse = await getWarehouse();
  const connection = await warehouse.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
  }
}

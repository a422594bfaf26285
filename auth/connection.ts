/**
 * Connections for the auth tables. Reads take a fresh connection; writes also go one at a time
 * through a queue per warehouse: DuckDB refuses a second concurrent transaction that updates the
 * same row ("Conflict on update"), and two requests of one browser touch the same session row.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Warehouse } from '../warehouse/database.ts';

const queues = new WeakMap<Warehouse, Promise<unknown>>();

/** Run `work` on a fresh connection, closed afterwards whatever happens. */
export async function withAuthConnection<T>(warehouse: Warehouse, work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const connection = await warehouse.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
  }
}

/** Run `work` after every earlier auth write of this process on `warehouse` has finished. */
export function withAuthWrite<T>(warehouse: Warehouse, work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const before = queues.get(warehouse) ?? Promise.resolve();
  // The next write waits for this one to settle, whether it succeeded or not; the caller still
  // receives this one's result or error.
  const result = before.then(
    () => withAuthConnection(warehouse, work),
    () => withAuthConnection(warehouse, work),
  );
  queues.set(
    warehouse,
    result.then(
      () => undefined,
      () => undefined,
    ),
  );
  return result;
}

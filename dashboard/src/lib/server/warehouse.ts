/**
 * The dashboard's handle on the warehouse. The server process (dashboard/server/start.ts)
 * opens the warehouse once and hands it over through a process-global slot, so the app and
 * the CLI share one DuckDB instance (two on one file would corrupt it). Under `vite dev`,
 * hooks.server.ts provides `$ZHIXIAO_DB` itself.
 *
 * Page reads may be for another as_of than the built one (as-of-builds.ts): request.ts runs them
 * inside readingFrom(that build), and withConnection() then connects to the build's database.
 * The choice travels with the read (AsyncLocalStorage) rather than as an argument of every query
 * function: the query functions stay the same for every as_of.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Warehouse } from '../../../../warehouse/database.ts';
import { enterAsOfDatabase } from './as-of-database.ts';
import { bumpDataGeneration } from './generation.ts';
import { processSlot } from './process-slot.ts';

const SLOT = Symbol.for('zhixiao.dashboard.warehouse');
type Slot = { [SLOT]?: Promise<Warehouse> };

/** Called by the server process before the first request. */
export function provideWarehouse(warehouse: Promise<Warehouse>): void {
  (globalThis as Slot)[SLOT] = warehouse;
  // Whatever was cached was of another warehouse.
  bumpDataGeneration();
}

export function hasWarehouse(): boolean {
  return (globalThis as Slot)[SLOT] !== undefined;
}

export function getWarehouse(): Promise<Warehouse> {
  const provided = (globalThis as Slot)[SLOT];
  if (provided) return provided;
  throw new Error('No warehouse was provided: start the dashboard with `zhixiao serve` (dashboard/server/start.ts).');
}

/** An as_of database to read from: its name and the warehouse's own (as-of-database.ts). */
export interface ReadTarget {
  catalog: string;
  main: string;
}

const reading = processSlot('reading', () => new AsyncLocalStorage<ReadTarget | null>());

/** Run `work` with its connections on `target` (null: the warehouse's own models). */
export function readingFrom<T>(target: ReadTarget | null, work: () => Promise<T>): Promise<T> {
  return reading.run(target, work);
}

/** A new connection for the current read (see readingFrom); the caller closes it. */
export async function openReadConnection(): Promise<DuckDBConnection> {
  const warehouse = await getWarehouse();
  const connection = await warehouse.connect();
  const target = reading.getStore();
  if (target) {
    try {
      await enterAsOfDatabase(connection, target.catalog, target.main);
    } catch (error) {
      connection.closeSync();
      throw error;
    }
  }
  return connection;
}

/**
 * Run `work` on a fresh connection, closed afterwards whatever happens. A new connection costs
 * about 0.2 ms (measured on the demo warehouse: connect, time zone, close) against 10–60 ms of a
 * page's queries, so there is no pool: a pooled connection could carry one request's session
 * state (a search path, an open transaction after an error) into the next.
 */
export async function withConnection<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const connection = await openReadConnection();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
  }
}

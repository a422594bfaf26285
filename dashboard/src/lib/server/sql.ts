/**
 * Reading rows for the pages. SQL text lives only in $lib/server/queries/*; values are always
 * bound parameters ($1, $2…), identifiers come from allow-lists in those modules.
 * Counts must be cast to INTEGER in SQL (BIGINT would arrive as text), means to DOUBLE.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

/** Rows as plain JSON objects: DATE → 'YYYY-MM-DD', TIMESTAMP → 'YYYY-MM-DD HH:MM:SS' (Asia/Shanghai wall clock). */
export async function readRows<T>(c: DuckDBConnection, sql: string, params: Params = []): Promise<T[]> {
  const reader = await c.runAndReadAll(sql, params);
  return reader.getRowObjectsJson() as unknown as T[];
}

export async function readOne<T>(c: DuckDBConnection, sql: string, params: Params = []): Promise<T | null> {
  const rows = await readRows<T>(c, sql, params);
  return rows[0] ?? null;
}

/** The tables and views of the warehouse, to know which models are built. */
export async function relations(c: DuckDBConnection): Promise<Set<string>> {
  const rows = await readRows<{ name: string }>(
    c,
    "select table_name as name from duckdb_tables() where schema_name = 'main' union all select view_name from duckdb_views() where schema_name = 'main' and not internal",
  );
  return new Set(rows.map((r) => r.name));
}

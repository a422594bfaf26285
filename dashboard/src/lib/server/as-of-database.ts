/**
 * The SQL of an as_of database: an in-memory database attached to the warehouse's instance that
 * holds the models built for one as_of date (as-of-builds.ts builds and keeps them). Its name is
 * first on a connection's search path, so the models (staging views, seeds, intermediate and
 * mart tables) are created and read there, while the loaded tables they read (activities, …) and
 * the auth schema resolve to the warehouse itself. DuckDB binds a view's names on the connection
 * that reads it, so every connection to an as_of database needs this search path.
 *
 * Used by the app (reads) and by the server process's services (the build runs from the sources,
 * where the models' SQL files are): no imports beyond the DuckDB types.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

const CATALOG = /^asof_\d{8}_n\d+$/;

/** The database name of build `serial` for `asOf` (YYYY-MM-DD): `asof_20250630_n3`. */
export function asOfCatalogName(asOf: string, serial: number): string {
  const name = `asof_${asOf.replaceAll('-', '')}_n${serial}`;
  if (!CATALOG.test(name)) throw new Error(`not an as_of database name: ${name}`);
  return name;
}

/** An identifier quoted for DuckDB. */
function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Names are interpolated below (DuckDB binds no identifiers): only ours pass. */
function checked(catalog: string): string {
  if (!CATALOG.test(catalog)) throw new Error(`not an as_of database name: ${catalog}`);
  return catalog;
}

/** The name of the warehouse's own database (its file's base name) as this connection sees it. */
export async function warehouseCatalog(c: DuckDBConnection): Promise<string> {
  const rows = (await c.runAndReadAll('select current_database() as name')).getRowObjectsJson() as { name: string }[];
  return String(rows[0].name);
}

export async function attachAsOfDatabase(c: DuckDBConnection, catalog: string): Promise<void> {
  await c.run(`ATTACH ':memory:' AS ${checked(catalog)}`);
}

export async function detachAsOfDatabase(c: DuckDBConnection, catalog: string): Promise<void> {
  await c.run(`DETACH DATABASE IF EXISTS ${checked(catalog)}`);
}

/**
 * Make `catalog` the connection's database, the warehouse (`main`, from warehouseCatalog) next on
 * its search path, with the warehouse's auth schema.
 */
export async function enterAsOfDatabase(c: DuckDBConnection, catalog: string, main: string): Promise<void> {
  await c.run(`USE ${checked(catalog)}`);
  // SET takes a string literal: quote the names as identifiers, then the whole as a literal.
  const path = [`${catalog}.main`, `${quoted(main)}.main`, `${quoted(main)}.auth`].join(',');
  await c.run(`SET search_path = '${path.replaceAll("'", "''")}'`);
}

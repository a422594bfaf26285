/** Rows of a query on a warehouse, as JSON-like objects, on a connection of their own. */
import type { Warehouse } from '../../warehouse/database.ts';

export async function rows(warehouse: Warehouse, sql: string) {
  const c = await warehouse.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJson();
  } finally {
    c.closeSync();
  }
}

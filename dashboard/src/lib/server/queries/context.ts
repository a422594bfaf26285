/**
 * What every page needs to know about the warehouse: the as_of date, the span of the data,
 * and which models are built (pages degrade to basic facts when the marts are missing).
 * It only changes with the data: requests take it from cache/context.ts, read once per data
 * generation (generation.ts), not once per request.
 */
import { readingFrom, withConnection } from '../warehouse.ts';
import { readOne, relations } from '../sql.ts';

export interface WarehouseContext {
  /** The date the data is complete to: int_params.as_of, else the latest activity's date; null when empty. */
  asOf: string | null;
  /** The date of the earliest activity; null when empty. */
  firstDay: string | null;
  /** The date of the latest activity; null when empty. */
  lastDay: string | null;
  /** Names of the built models and tables. */
  relations: string[];
}

/** Read the context now, on the warehouse's own models whatever read this is called from. */
export async function getWarehouseContext(): Promise<WarehouseContext> {
  return readingFrom(null, () => withConnection(async (c) => {
    const rels = await relations(c);
    const source = rels.has('int_params') ? 'int_params' : null;
    const span = await readOne<{ first_day: string | null; last_day: string | null }>(
      c,
      'select min(started_at)::date as first_day, max(started_at)::date as last_day from activities',
    );
    let asOf = span?.last_day ?? null;
    if (source) {
      const p = await readOne<{ as_of: string | null }>(c, 'select as_of from int_params');
      asOf = p?.as_of ?? asOf;
    }
    return { asOf, firstDay: span?.first_day ?? null, lastDay: span?.last_day ?? null, relations: [...rels].sort() };
  }));
}

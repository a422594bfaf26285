/**
 * The server process's services for the app (see $lib/server/services.ts): the ingest of
 * uploaded files into the one warehouse instance this process holds, the model build for another
 * as_of, and the brief. Runs from the sources (tsx), never from build/.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Warehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import { loadOrCreateHashKey } from '../../ingest/secret.ts';
import { buildAsOfInScratch } from '../../models/as-of.ts';
import { rebuildAfterIngest } from '../../models/rebuild.ts';
import { briefHtml, briefPdf } from '../../reports/brief.ts';
import { attachAsOfDatabase, enterAsOfDatabase, warehouseCatalog } from '../src/lib/server/as-of-database.ts';
import { bumpDataGeneration } from '../src/lib/server/generation.ts';
import type { ServerServices } from '../src/lib/server/services.ts';

export function createServerServices(warehouse: Warehouse, dbPath: string): ServerServices {
  // One ingest at a time: runs queue behind each other (the warehouse has one writer).
  let queue: Promise<unknown> = Promise.resolve();
  /** `work` on a connection from `connect`, closed afterwards. */
  const using = async <T>(connect: () => Promise<DuckDBConnection>, work: (c: DuckDBConnection) => Promise<T>): Promise<T> => {
    const c = await connect();
    try {
      return await work(c);
    } finally {
      c.closeSync();
    }
  };
  const ownConnection = () => warehouse.connect();
  return {
    ingest(paths, onProgress, scope) {
      const run = queue.then(() =>
        runIngest(warehouse, paths, {
          hashKey: loadOrCreateHashKey(dbPath),
          buildModels: (c, changes) => rebuildAfterIngest(c, changes),
          onProgress,
          scope,
        }),
      );
      // The next run waits for this one to end, however it ends; the caller gets the outcome
      // (and its error) from `run` itself.
      queue = run.then(
        () => undefined,
        () => undefined,
      );
      // Committed (or rolled back: a failed run is still recorded in ingest_runs): what the pages
      // cached is of the data before (generation.ts).
      return run.finally(() => bumpDataGeneration());
    },
    buildAsOf(asOf, catalog) {
      return using(ownConnection, async (c) => {
        const main = await warehouseCatalog(c);
        await attachAsOfDatabase(c, catalog);
        await enterAsOfDatabase(c, catalog, main);
        await buildAsOfInScratch(c, asOf);
      });
    },
    briefHtml(options, connect = ownConnection) {
      return using(connect, (c) => briefHtml(c, options));
    },
    briefPdf(options, connect = ownConnection) {
      return using(connect, (c) => briefPdf(c, options));
    },
  };
}

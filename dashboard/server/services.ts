/**
 * The server process's services for the app (see $lib/server/services.ts): the ingest of
 * uploaded files into the one warehouse instance this process holds, and the brief. Runs from
 * the sources (tsx), never from build/.
 */
import type { Warehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import { loadOrCreateHashKey } from '../../ingest/secret.ts';
import { rebuildAfterIngest } from '../../models/rebuild.ts';
import { briefHtml, briefPdf } from '../../reports/brief.ts';
import type { ServerServices } from '../src/lib/server/services.ts';

export function createServerServices(warehouse: Warehouse, dbPath: string): ServerServices {
  // One ingest at a time: runs queue behind each other (the warehouse has one writer).
  let queue: Promise<unknown> = Promise.resolve();
  return {
    ingest(paths, onProgress, scope) {
      const run = queue.then(() =>
        runIngest(warehouse, paths, {
          hashKey: loadOrCreateHashKey(dbPath),
          buildModels: (c) => rebuildAfterIngest(c),
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
      return run;
    },
    async briefHtml(options) {
      const c = await warehouse.connect();
      try {
        return await briefHtml(c, options);
      } finally {
        c.closeSync();
      }
    },
    async briefPdf(options) {
      const c = await warehouse.connect();
      try {
        return await briefPdf(c, options);
      } finally {
        c.closeSync();
      }
    },
  };
}

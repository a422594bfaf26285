/**
 * Figures as of a date other than the built one (URL `as_of`, indicators.md "Periods"). The
 * models are built once for that date into an in-memory database attached to the warehouse's
 * instance (as-of-database.ts; the build runs in the server process's services, where the
 * models' SQL files are), and the pages of every request with that as_of read there.
 *
 * A full build takes about 0.5 s on the small demo data and about 50 s at province scale: too
 * slow per request (models/as-of.ts computeAsOf, build-read-roll-back, stays the CLI's way), fine
 * once per date and data generation. So:
 * - at most MAX_BUILDS dates are kept; asking for another retires the least recently used;
 * - all are retired when the data generation moves (generation.ts): they were built from the
 *   data before;
 * - builds run one at a time (each uses every core); requests for a date being built wait for it;
 * - a request holds a lease on its build from the view (request.ts) until its response is made
 *   (hooks.server.ts), and a retired build is detached only once no lease is left, so no page
 *   read ever finds its database gone.
 */
import type { Warehouse } from '../../../../warehouse/database.ts';
import { asOfCatalogName, detachAsOfDatabase, warehouseCatalog } from './as-of-database.ts';
import { dataGeneration, onDataGenerationChange } from './generation.ts';
import { processSlot } from './process-slot.ts';
import { getServices } from './services.ts';
import { getWarehouse, type ReadTarget } from './warehouse.ts';

/** Dates kept built at once (each holds a copy of every intermediate and mart table). */
export const MAX_BUILDS = 3;

export interface AsOfBuild extends ReadTarget {
  asOf: string;
  /** The data generation it was built from. */
  generation: number;
  /** The warehouse it is attached to (set when its build starts). */
  warehouse: Warehouse | null;
  ready: Promise<void>;
  leases: number;
  retired: boolean;
  lastUsed: number;
}

export interface AsOfLease {
  build: AsOfBuild;
  /** Idempotent. */
  release(): void;
}

interface Registry {
  /** Kept builds, not retired. */
  builds: AsOfBuild[];
  serial: number;
  /** The build running or last run: the next waits for it. */
  queue: Promise<unknown>;
  /** Retired builds with leases left, detached when the last goes. */
  retiring: Set<AsOfBuild>;
}

const registry = processSlot<Registry>('asOfBuilds', () => {
  const r: Registry = { builds: [], serial: 0, queue: Promise.resolve(), retiring: new Set() };
  onDataGenerationChange(() => {
    for (const build of [...r.builds]) retire(r, build);
  });
  return r;
});

/** A lease on the build of `asOf` for the current data generation, built first if needed. */
export async function leaseAsOfBuild(asOf: string): Promise<AsOfLease> {
  const r = registry;
  let build = r.builds.find((b) => b.asOf === asOf && b.generation === dataGeneration());
  if (!build) {
    // Registered before any await: a second request for the date finds this build and waits for it.
    build = startBuild(r, asOf);
    r.builds.push(build);
    const kept = [...r.builds].sort((a, b) => b.lastUsed - a.lastUsed);
    for (const old of kept.slice(MAX_BUILDS)) if (old !== build) retire(r, old);
  }
  const leased = build;
  leased.leases += 1;
  leased.lastUsed = Date.now();
  let released = false;
  const lease: AsOfLease = {
    build: leased,
    release() {
      if (released) return;
      released = true;
      leased.leases -= 1;
      if (leased.retired && leased.leases === 0) detach(r, leased);
    },
  };
  try {
    await leased.ready;
  } catch (error) {
    // A build that failed is not kept: the next request tries again.
    retire(r, leased);
    lease.release();
    throw error;
  }
  return lease;
}

function startBuild(r: Registry, asOf: string): AsOfBuild {
  r.serial += 1;
  const build: AsOfBuild = {
    asOf,
    catalog: asOfCatalogName(asOf, r.serial),
    main: '',
    generation: dataGeneration(),
    warehouse: null,
    ready: Promise.resolve(),
    leases: 0,
    retired: false,
    lastUsed: Date.now(),
  };
  const run = async () => {
    const warehouse = await getWarehouse();
    build.warehouse = warehouse;
    const c = await warehouse.connect();
    try {
      build.main = await warehouseCatalog(c);
    } finally {
      c.closeSync();
    }
    await (await getServices()).buildAsOf(asOf, build.catalog);
  };
  build.ready = r.queue.then(run, run);
  r.queue = build.ready.then(
    () => undefined,
    () => undefined, // the requests waiting get the error through `ready`; the queue only orders builds
  );
  return build;
}

function retire(r: Registry, build: AsOfBuild): void {
  if (build.retired) return;
  build.retired = true;
  r.builds = r.builds.filter((b) => b !== build);
  if (build.leases === 0) detach(r, build);
  else r.retiring.add(build);
}

/** Detach a retired build nobody reads (after its build ended, however it ended). */
function detach(r: Registry, build: AsOfBuild): void {
  r.retiring.delete(build);
  const drop = async () => {
    if (!build.warehouse) return; // never started: nothing attached
    const c = await build.warehouse.connect();
    try {
      await detachAsOfDatabase(c, build.catalog);
    } finally {
      c.closeSync();
    }
  };
  build.ready
    .then(drop, drop)
    .catch((error: unknown) => {
      // Nobody waits for this: say what could not be freed (the database stays attached until the server stops).
      console.error(`[dashboard] could not detach the as_of database ${build.catalog} (as_of ${build.asOf}):`, error);
    });
}

/** What is kept now (tests, diagnostics). */
export function asOfBuilds(): { asOf: string; catalog: string; generation: number; leases: number }[] {
  return registry.builds.map((b) => ({ asOf: b.asOf, catalog: b.catalog, generation: b.generation, leases: b.leases }));
}

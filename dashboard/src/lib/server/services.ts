/**
 * Work the server process does outside the SvelteKit bundle: loading uploaded files and building
 * the models for another as_of (the ingest and the model build read their SQL files beside their
 * sources, so they must run from the sources, not from build/) and the brief (ECharts SSR and
 * chromium for the PDF). The server
 * process (dashboard/server/start.ts) provides them through a process-global slot, as it does
 * the warehouse; under `vite dev`, hooks.server.ts provides them.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { IngestProgress } from '../../../../ingest/run.ts';
import type { IngestScope } from '../../../../ingest/scope-sql.ts';
import type { IngestReport } from '../../../../ingest/report.ts';
import type { BriefOptions } from '../../../../reports/brief.ts';

export interface ServerServices {
  /** Load `paths` into the server's warehouse (one run, one transaction, models rebuilt).
   *  Runs one at a time: a second call waits for the first. With `scope`, only that university's
   *  rows load and the others are quarantined (a university user's upload, ingest/scope-sql.ts). */
  ingest(paths: string[], onProgress?: (progress: IngestProgress) => void, scope?: IngestScope): Promise<IngestReport>;
  /**
   * Build the models as of `asOf` (YYYY-MM-DD) into a new in-memory database `catalog` attached to
   * the warehouse (as-of-database.ts); the caller keeps it and detaches it (as-of-builds.ts).
   */
  buildAsOf(asOf: string, catalog: string): Promise<void>;
  /**
   * The periodic brief (定期分析研判) as a self-contained HTML document, read on a connection from
   * `connect` (default: a new one on the warehouse; the dashboard passes its request's, which may
   * be an as_of database's).
   */
  briefHtml(options: BriefOptions, connect?: () => Promise<DuckDBConnection>): Promise<string>;
  /** The same brief printed to PDF by chromium. */
  briefPdf(options: BriefOptions, connect?: () => Promise<DuckDBConnection>): Promise<Uint8Array>;
}

const SLOT = Symbol.for('zhixiao.dashboard.services');
type Slot = { [SLOT]?: Promise<ServerServices> };

export function provideServices(services: Promise<ServerServices>): void {
  (globalThis as Slot)[SLOT] = services;
}

export function hasServices(): boolean {
  return (globalThis as Slot)[SLOT] !== undefined;
}

export function getServices(): Promise<ServerServices> {
  const provided = (globalThis as Slot)[SLOT];
  if (provided) return provided;
  throw new Error('No server services were provided: start the dashboard with `zhixiao serve` (dashboard/server/start.ts).');
}

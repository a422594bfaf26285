/** The run report: what `zhixiao ingest --json` prints (cli.md), also stored in ingest_runs. */
import type { TableName } from './contract/tables.ts';

export type FileStatus = 'loaded' | 'duplicate' | 'refused';

export interface FileReport {
  path: string;
  table: TableName | null;
  sheet: string | null;
  status: FileStatus;
  rows_read: number;
  rows_loaded: number;
  rows_updated: number;
  rows_quarantined: number;
  message: string;
}

export interface QuarantinedRow {
  path: string;
  sheet: string | null;
  line: number | null;
  column: string | null;
  value: string | null;
  reason: string;
}

export interface IngestReport {
  run_id: string;
  files: FileReport[];
  quarantined: QuarantinedRow[];
  /** Orphans of earlier runs that loaded in this one because their parent arrived: new keys … */
  retried_loaded: number;
  /** … and keys loaded meanwhile, whose row they changed (counted as updates). */
  retried_updated: number;
  timings_ms: { read: number; validate: number; load: number; models: number; total: number };
}

/** Exit code of a run, as cli.md says: 1 when any file was refused. */
export function exitCodeOf(report: IngestReport): number {
  return report.files.some((f) => f.status === 'refused') ? 1 : 0;
}

/**
 * The data generation: a counter that moves with every write through this server process that
 * changes what a page shows — an ingest (its model rebuild included, dashboard/server/services.ts),
 * the relabelling of an upload's bookkeeping and its audit entry (which decides the runs a
 * university user sees on /data, upload.ts, routes/data/upload), an anomaly review
 * (queries/anomalies.ts recordReview), and a newly provided warehouse (warehouse.ts).
 *
 * What is derived from the data only — the warehouse context, page results, a session's scope,
 * the as_of builds — is cached under the generation it was read in and dropped when it moves,
 * as BI servers cache what only changes when the data changes. No other process can write
 * meanwhile: DuckDB's file lock lets one process open the warehouse (README: account management
 * needs the dashboard stopped). Sessions and the audit log are not data here: they have their
 * own rules (cache/sessions.ts; the audit log is never cached).
 */
import { processSlot } from './process-slot.ts';

interface GenerationState {
  value: number;
  listeners: Set<(generation: number) => void>;
}

const state = processSlot<GenerationState>('generation', () => ({ value: 1, listeners: new Set() }));

export function dataGeneration(): number {
  return state.value;
}

/** Call after a write has committed: readers that start later see it, caches of before are dropped. */
export function bumpDataGeneration(): number {
  state.value += 1;
  for (const listener of state.listeners) listener(state.value);
  return state.value;
}

/** `listener` runs (synchronously, so it must not throw) after every bump; returns the unsubscribe. */
export function onDataGenerationChange(listener: (generation: number) => void): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

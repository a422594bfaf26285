/**
 * Page data answers (`…/__data.json`) kept as bytes per data generation: cache/results.ts already
 * spares the pages DuckDB, but at province scale turning a kept result of 100–300 KB into the
 * client's format again costs 5–10 ms of CPU a request, and twenty analysts opening the same page
 * queue behind each other on two cores.
 *
 * - Only pages whose load writes nothing but audit entries — an allow-list by route id. A
 *   member-level view is audited on every request: the entries the load wrote are kept with the
 *   answer and written again, with this request's time and address, each time it is served.
 * - The key is the whole URL (path and query: period, filters, as_of, invalidation flags), the
 *   signed-in user (the answer carries what that user may see, and the layout's data names them),
 *   the language and the data generation; a new generation drops everything.
 * - Bounded: least recently used answers go first beyond MAX_BYTES; larger answers are not kept.
 */
import { dataGeneration } from '../generation.ts';
import { processSlot } from '../process-slot.ts';
import type { AuditedView } from '../auth.ts';

/** Route ids of pages whose load only reads, or reads and audits (checked against their +page.server.ts). */
export const KEPT_PAGES: ReadonlySet<string> = new Set([
  '/',
  '/c/[org_code]',
  '/u/[university_code]',
  '/rankings',
  '/rectification',
  '/observation',
  '/cases',
  '/data',
  // audited views: their entries are replayed
  '/anomalies',
  '/cadres',
  '/a/[activity_id]',
  '/b/[branch_code]',
]);

const MAX_BYTES = 32 * 1024 * 1024;
const MAX_ENTRY_BYTES = 2 * 1024 * 1024;

interface Kept {
  body: Uint8Array;
  contentType: string;
  /** Written again for each view served from these bytes. */
  audits: AuditedView[];
}

interface State {
  generation: number;
  bytes: number;
  entries: Map<string, Kept>;
}

const state = processSlot<State>('page-data', () => ({ generation: dataGeneration(), bytes: 0, entries: new Map() }));

export interface PageDataKey {
  url: URL;
  username: string;
  lang: string;
}

function keyText(key: PageDataKey): string {
  return JSON.stringify([key.url.pathname, key.url.search, key.username, key.lang]);
}

function current(): State {
  const generation = dataGeneration();
  if (state.generation !== generation) {
    state.generation = generation;
    state.entries.clear();
    state.bytes = 0;
  }
  return state;
}

/** A kept answer for `key` in the current generation, or null. */
export function keptPageData(key: PageDataKey): Kept | null {
  const s = current();
  const text = keyText(key);
  const found = s.entries.get(text);
  if (!found) return null;
  s.entries.delete(text); // most recently used last
  s.entries.set(text, found);
  return found;
}

/**
 * Keep an answer read in generation `generation` (the one current when its request began): an
 * answer of an older generation may show data from before the write, and is not kept.
 */
export function keepPageData(key: PageDataKey, generation: number, kept: Kept): void {
  const s = current();
  if (generation !== s.generation || kept.body.byteLength > MAX_ENTRY_BYTES) return;
  const text = keyText(key);
  const old = s.entries.get(text);
  if (old) {
    s.bytes -= old.body.byteLength;
    s.entries.delete(text);
  }
  s.entries.set(text, kept);
  s.bytes += kept.body.byteLength;
  for (const [k, v] of s.entries) {
    if (s.bytes <= MAX_BYTES) break;
    s.entries.delete(k);
    s.bytes -= v.body.byteLength;
  }
}

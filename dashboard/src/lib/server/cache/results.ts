/**
 * Page results cached per data generation (generation.ts): a read-only result is a function of
 * what was asked (the key: the route's reads, the URL, the scope, the as_of) and of the data, so
 * between two writes the same question gets the same answer from memory instead of DuckDB.
 *
 * - Bounded: least recently used entries go first once there are more than `maxEntries` or their
 *   estimated size (the length of their JSON) passes `maxBytes`; a result larger than a quarter of
 *   `maxBytes` is not kept at all.
 * - One read per key at a time: requests asking the same question while it is being read wait for
 *   that read (twenty clients opening a page after an ingest cost one read, not twenty).
 * - A read that fails is not kept; the next request reads again.
 * - Results are shared by the requests that get them: they are frozen, so that code changing one
 *   fails loudly instead of changing what the next request is shown.
 *
 * The scope is part of every key (request.ts), so one user's answer never reaches another scope.
 * Nothing about sessions or the audit log is kept here: views are still written to the audit log
 * by their routes on every request.
 */
import { processSlot } from '../process-slot.ts';
import { dataGeneration } from '../generation.ts';

export interface ResultCacheLimits {
  maxEntries: number;
  /** Estimated: the length of an entry's JSON (typed arrays and bytes by their byte length). */
  maxBytes: number;
}

/**
 * Hundreds of views even at province scale (a university page with its branches is a few hundred
 * KB of JSON), while the heap it takes (about two to three times the JSON) stays a small part of
 * the server's memory.
 */
export const DEFAULT_LIMITS: ResultCacheLimits = { maxEntries: 2000, maxBytes: 64 * 1024 * 1024 };

interface Entry {
  generation: number;
  promise: Promise<unknown>;
  /** 0 while the read runs. */
  bytes: number;
}

export interface ResultCacheStats {
  hits: number;
  misses: number;
  evictions: number;
  entries: number;
  bytes: number;
}

export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private generation = dataGeneration();
  private counts = { hits: 0, misses: 0, evictions: 0 };

  constructor(private readonly limits: ResultCacheLimits = DEFAULT_LIMITS) {}

  /**
   * The result of `read` for `key` in data generation `generation` (the one the caller's view of
   * the warehouse was taken in). When the generation has moved since, the result is read but not
   * kept: it may be of data older than the current generation.
   */
  get<T>(generation: number, key: readonly unknown[], read: () => Promise<T>): Promise<T> {
    const current = dataGeneration();
    if (current !== this.generation) this.clear(current);
    if (generation !== current) return read();
    const text = JSON.stringify(key);
    const found = this.entries.get(text);
    if (found) {
      this.counts.hits++;
      // Most recently used last: eviction takes from the front.
      this.entries.delete(text);
      this.entries.set(text, found);
      return found.promise as Promise<T>;
    }
    this.counts.misses++;
    const entry: Entry = { generation, promise: Promise.resolve(), bytes: 0 };
    entry.promise = read().then(
      (value) => {
        this.settled(text, entry, value);
        return value;
      },
      (error: unknown) => {
        if (this.entries.get(text) === entry) this.entries.delete(text);
        throw error;
      },
    );
    this.entries.set(text, entry);
    return entry.promise as Promise<T>;
  }

  /** Drop everything (the generation moved to `generation`). */
  clear(generation = dataGeneration()): void {
    this.entries.clear();
    this.bytes = 0;
    this.generation = generation;
  }

  stats(): ResultCacheStats {
    return { ...this.counts, entries: this.entries.size, bytes: this.bytes };
  }

  private settled(text: string, entry: Entry, value: unknown): void {
    if (this.entries.get(text) !== entry) return; // cleared or evicted while it was read
    const bytes = estimateBytes(value);
    if (bytes > this.limits.maxBytes / 4) {
      this.entries.delete(text);
      return;
    }
    deepFreeze(value);
    entry.bytes = bytes;
    this.bytes += bytes;
    for (const [key, old] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      if (old === entry) continue;
      this.entries.delete(key);
      this.bytes -= old.bytes;
      this.counts.evictions++;
    }
  }
}

/** About how much memory a result holds: its JSON's length, binary arrays by their byte length. */
export function estimateBytes(value: unknown): number {
  let binary = 0;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      binary += v.byteLength;
      return null;
    }
    return v;
  });
  return (text?.length ?? 0) + binary;
}

/** Freeze plain objects and arrays all the way down (binary arrays cannot be frozen: left as they are). */
function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

/** The server's one result cache (process-wide, see process-slot.ts). */
export function pageResults(): ResultCache {
  return processSlot('results', () => new ResultCache());
}

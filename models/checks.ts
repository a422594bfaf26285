/**
 * Data tests of the models, run after every build (models/runner.ts):
 * - keys: each model of models/tests/keys.json has a unique, not-null key;
 * - every models/tests/*.sql query returns the rows that break its rule (none = pass):
 *   invariants (attended + on_leave + absent = expected, fractions in [0, 1], met ≤ required,
 *   index in [0, 100]), relationships, pooled sums, the configuration.
 * Model and column names come from keys.json and are checked against the catalog (an allow-list)
 * before they reach SQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection, Json } from '@duckdb/node-api';

const TESTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tests');
const SAMPLE_ROWS = 5;

export interface CheckFailure {
  /** `keys:<model>` or the name of the .sql file without extension. */
  check: string;
  n_failures: number;
  /** Up to five failing rows. */
  sample: Record<string, Json>[];
}

/** Thrown by buildModels when a data test fails: the build is wrong, nothing should commit. */
export class ModelCheckError extends Error {
  readonly failures: CheckFailure[];
  constructor(failures: CheckFailure[]) {
    super(
      `data tests failed after the model build:\n` +
        failures.map((f) => `- ${f.check}: ${f.n_failures} failing row(s), e.g. ${JSON.stringify(f.sample[0] ?? null)}`).join('\n'),
    );
    this.name = 'ModelCheckError';
    this.failures = failures;
  }
}

/** The declared keys: model → key columns. */
export function loadKeys(): Record<string, string[]> {
  const raw = JSON.parse(fs.readFileSync(path.join(TESTS_DIR, 'keys.json'), 'utf8')) as Record<string, unknown>;
  const keys: Record<string, string[]> = {};
  for (const [model, columns] of Object.entries(raw)) {
    if (model.startsWith('$')) continue;
    if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === 'string')) {
      throw new Error(`models/tests/keys.json: the key of ${model} must be a non-empty list of column names`);
    }
    keys[model] = columns as string[];
  }
  return keys;
}

/** The SQL data tests: name → query returning failing rows. */
export function loadSqlChecks(): { name: string; sql: string }[] {
  return fs
    .readdirSync(TESTS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => ({ name: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(TESTS_DIR, f), 'utf8').trim().replace(/;\s*$/, '') }));
}

async function failingRows(connection: DuckDBConnection, check: string, sql: string): Promise<CheckFailure | null> {
  const count = await connection.runAndReadAll(`select count(*)::integer from (${sql})`);
  const n = Number(count.getRows()[0][0]);
  if (n === 0) return null;
  const sample = (await connection.runAndReadAll(`select * from (${sql}) limit ${SAMPLE_ROWS}`)).getRowObjectsJson();
  return { check, n_failures: n, sample };
}

/** Run every data test; returns the failures (empty when all pass). */
export async function runChecks(connection: DuckDBConnection): Promise<CheckFailure[]> {
  const catalog = new Map<string, Set<string>>();
  const columns = await connection.runAndReadAll(
    "select table_name, column_name from duckdb_columns() where schema_name = 'main'",
  );
  for (const [table, column] of columns.getRows()) {
    const set = catalog.get(String(table)) ?? new Set<string>();
    set.add(String(column));
    catalog.set(String(table), set);
  }
  const failures: CheckFailure[] = [];
  for (const [model, key] of Object.entries(loadKeys())) {
    const known = catalog.get(model);
    if (!known) {
      failures.push({ check: `keys:${model}`, n_failures: 1, sample: [{ problem: 'model not built' }] });
      continue;
    }
    const missing = key.filter((c) => !known.has(c));
    if (missing.length > 0) {
      failures.push({ check: `keys:${model}`, n_failures: 1, sample: [{ problem: `no column ${missing.join(', ')}` }] });
      continue;
    }
    // Identifiers checked against the catalog just above.
    const list = key.join(', ');
    // First on one hash of the key, several times cheaper to group than its text (a province's
    // 30 M attendance keys: 6.3 → 4.2 s); only a repeated hash or a null key — a real failure,
    // or, rarely, two keys of one hash — runs the exact query below, which tells.
    const suspects = await connection.runAndReadAll(
      `select (select count(*) from (select hash(${list}) as h from ${model} group by h having count(*) > 1))` +
        ` + (select count(*) from ${model} where ${key.map((c) => `${c} is null`).join(' or ')})`,
    );
    if (Number(suspects.getRows()[0][0]) === 0) continue;
    const sql =
      `select ${list}, count(*)::integer as n_rows from ${model} group by ${list} ` +
      `having count(*) > 1 or ${key.map((c) => `${c} is null`).join(' or ')}`;
    const failure = await failingRows(connection, `keys:${model}`, sql);
    if (failure) failures.push(failure);
  }
  for (const { name, sql } of loadSqlChecks()) {
    const failure = await failingRows(connection, name, sql);
    if (failure) failures.push(failure);
  }
  return failures;
}

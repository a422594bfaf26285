/**
 * Builds the SQL models under models/: staging as views, seeds, intermediate and marts
 * as tables (or a view, when the model's header says `-- materialized: view`: a mart that only
 * labels an intermediate table's rows need not be written again), in the order of their
 * references (a model refers to another by name).
 * The caller chooses the transaction: ingest builds inside its own, so the marts
 * always commit together with the data they were built from.
 * The configuration (models/config.json: index weights, thresholds, cadence rules) is
 * bound as the session variable `zhixiao_config`, which the seeds parse; after the
 * build the data tests of models/checks.ts run, and a failure throws ModelCheckError.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ModelCheckError, runChecks, type CheckFailure } from './checks.ts';

const MODELS_DIR = path.dirname(fileURLToPath(import.meta.url));
/** The configuration file an analyst edits: index weights, thresholds, cadence rules. */
export const CONFIG_PATH = path.join(MODELS_DIR, 'config.json');
const LAYERS = ['seeds', 'staging', 'intermediate', 'marts'] as const;
type Layer = (typeof LAYERS)[number];

export interface Model {
  name: string;
  layer: Layer;
  file: string;
  sql: string;
  dependsOn: string[];
  /** Staging models are views; another model is one when its header says `-- materialized: view`. */
  materialized: 'view' | 'table';
}

/** Every model with the models it reads, found by scanning its SQL for model names. */
export function loadModels(dir = MODELS_DIR): Model[] {
  const files = LAYERS.flatMap((layer) => {
    const folder = path.join(dir, layer);
    if (!fs.existsSync(folder)) return [];
    return fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => ({ layer, name: f.replace(/\.sql$/, ''), file: path.join(folder, f) }));
  });
  const names = new Set(files.map((f) => f.name));
  return files.map(({ layer, name, file }) => {
    const sql = fs.readFileSync(file, 'utf8');
    const code = sql.replace(/--[^\n]*/g, ' ');
    const words = new Set(code.match(/[a-z_][a-z0-9_]*/gi) ?? []);
    const dependsOn = [...words].filter((w) => w !== name && names.has(w)).sort();
    const materialized = layer === 'staging' || /^--\s*materialized:\s*view\s*$/m.test(sql) ? 'view' : 'table';
    return { name, layer, file, sql, dependsOn, materialized };
  });
}

/** Models in an order where each comes after everything it reads; throws on a cycle. */
export function orderModels(models: Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const ordered: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: Model, trail: string[]) => {
    const s = state.get(m.name);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`models refer to each other in a cycle: ${[...trail, m.name].join(' → ')}`);
    state.set(m.name, 'visiting');
    for (const d of m.dependsOn) visit(byName.get(d)!, [...trail, m.name]);
    state.set(m.name, 'done');
    ordered.push(m);
  };
  for (const m of models) visit(m, []);
  return ordered;
}

export interface BuildOptions {
  /** Compute as of this date (YYYY-MM-DD) instead of the latest started_at. */
  asOf?: string | null;
  /** Use this configuration instead of models/config.json (tests, what-if). */
  config?: unknown;
  /** Run the data tests after the build (default true); failures throw ModelCheckError. */
  checks?: boolean;
  /**
   * Return failed data tests in the result instead of throwing (the ingest does: a
   * figure that breaks an invariant must be reported, not cost the analyst the data).
   */
  reportCheckFailures?: boolean;
}

export interface BuildResult {
  models: string[];
  ms: number;
  /** Time spent in the data tests (0 when skipped). */
  checksMs: number;
  /** Failed data tests, when `reportCheckFailures` asked for them rather than an error. */
  checkFailures: CheckFailure[];
}

/** The configuration as JSON text: the given object, else models/config.json (parsed to fail early). */
export function readConfigText(config?: unknown): string {
  if (config !== undefined) return JSON.stringify(config);
  const text = fs.readFileSync(CONFIG_PATH, 'utf8');
  try {
    JSON.parse(text);
  } catch (error) {
    throw new Error(`models/config.json is not valid JSON: ${(error as Error).message}`);
  }
  return text;
}

/**
 * What a build's result depends on besides the data: every model's SQL, the configuration
 * and an explicit as_of. Stored in table model_build with the marts it produced.
 */
export function buildFingerprint(models: Model[], configText: string, asOf: string | null): string {
  const hash = createHash('sha256');
  for (const m of [...models].sort((a, b) => (a.name < b.name ? -1 : 1))) hash.update(`${m.name}\0${m.sql}\0`);
  hash.update(`config\0${configText}\0as_of\0${asOf ?? ''}`);
  return hash.digest('hex');
}

/**
 * Whether the marts are the build of the current models and configuration (as of the
 * latest data). Only the caller knows whether the data changed since: an ingest run that
 * loaded and updated nothing may then keep them (models/rebuild.ts).
 */
export async function modelsCurrent(connection: DuckDBConnection): Promise<boolean> {
  const exists = await connection.runAndReadAll(
    "select count(*) from duckdb_tables() where table_name = 'model_build' and database_name = current_database() and schema_name = 'main'",
  );
  if (Number(exists.getRows()[0]?.[0] ?? 0) === 0) return false;
  const stored = (await connection.runAndReadAll('select fingerprint from model_build')).getRows()[0]?.[0];
  return stored === buildFingerprint(loadModels(), readConfigText(), null);
}

async function currentCatalog(connection: DuckDBConnection): Promise<string> {
  return String((await connection.runAndReadAll('select current_database()')).getRows()[0]![0]);
}

/** A catalog name as an identifier (it comes from DuckDB, never from input). */
function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Build every model on `connection` (inside whatever transaction the caller holds). */
export async function buildModels(connection: DuckDBConnection, options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const configText = readConfigText(options.config);
  await connection.run('SET VARIABLE zhixiao_as_of = $1::varchar', [options.asOf ?? null]);
  await connection.run('SET VARIABLE zhixiao_config = $1::json', [configText]);
  const models = loadModels();
  // Dropped first: a build that fails half-way must not leave the previous build's stamp.
  // Named in the catalog being built (an as_of build writes to its own attached database).
  const stamp = `${quoteIdentifier(await currentCatalog(connection))}.main.model_build`;
  await connection.run(`drop table if exists ${stamp}`);
  const built: string[] = [];
  const catalog = await currentCatalog(connection);
  for (const model of orderModels(models)) {
    const body = model.sql.trim().replace(/;\s*$/, '');
    const kind = model.materialized;
    // A model that was built as the other kind (an upgrade of zhixiao) is dropped first:
    // CREATE OR REPLACE does not change a table into a view or back.
    const existing = await connection.runAndReadAll(
      "select table_type from information_schema.tables where table_catalog = $catalog and table_schema = 'main' and table_name = $name",
      { catalog, name: model.name },
    );
    const existingKind = existing.getRows()[0]?.[0];
    if (existingKind !== undefined && (existingKind === 'VIEW') !== (kind === 'view')) {
      await connection.run(`drop ${existingKind === 'VIEW' ? 'view' : 'table'} ${model.name}`);
    }
    // The model name comes from a file name of this folder (an allow-list), never from input.
    const t = performance.now();
    await connection.run(`create or replace ${kind} ${model.name} as\n${body}`);
    if (process.env.ZHIXIAO_PROFILE) process.stderr.write(`${Math.round(performance.now() - t)} ms: model ${model.name}\n`);
    built.push(model.name);
  }
  await connection.run(`create table ${stamp} as select $1::varchar as fingerprint, current_timestamp as built_at`, [
    buildFingerprint(models, configText, options.asOf ?? null),
  ]);
  const ms = Math.round(performance.now() - started);
  if (options.checks === false) return { models: built, ms, checksMs: 0, checkFailures: [] };
  const checksStarted = performance.now();
  const failures: CheckFailure[] = await runChecks(connection);
  if (failures.length > 0 && !options.reportCheckFailures) throw new ModelCheckError(failures);
  return { models: built, ms, checksMs: Math.round(performance.now() - checksStarted), checkFailures: failures };
}

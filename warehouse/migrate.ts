/**
 * Numbered SQL migrations (warehouse/migrations/NNN_name.sql), applied in order,
 * each in its own transaction, recorded in schema_migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export function listMigrations(): { version: number; name: string; file: string }[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.replace(/\.sql$/, ''), file: path.join(MIGRATIONS_DIR, f) }));
}

export async function migrate(connection: DuckDBConnection): Promise<number[]> {
  await connection.run(
    'create table if not exists schema_migrations (version integer primary key, name varchar not null, applied_at timestamp not null default current_timestamp)',
  );
  const done = new Set(
    (await connection.runAndReadAll('select version from schema_migrations')).getRows().map((r) => Number(r[0])),
  );
  const applied: number[] = [];
  for (const m of listMigrations()) {
    if (done.has(m.version)) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      await connection.run(fs.readFileSync(m.file, 'utf8'));
      await connection.run('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw new Error(`migration ${m.name} failed: ${(error as Error).message}`);
    }
    applied.push(m.version);
  }
  return applied;
}

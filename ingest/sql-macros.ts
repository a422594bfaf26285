/**
 * Installs the ingest's normalisation macros (sql/macros.sql) and the enum and boolean
 * spellings of the contract (contract/enums.ts) on a connection, as temporary objects.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { BOOLEAN_FALSE, BOOLEAN_TRUE, ENUM_DOMAINS } from './contract/enums.ts';
import { NFKC_FOLDS } from './contract/nfkc.ts';

const MACROS_SQL = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'sql', 'macros.sql'), 'utf8');

/** The domain name under which boolean spellings are stored (values 'true'/'false'). */
export const BOOL_DOMAIN = '__bool__';

/**
 * The lookup keys of a domain's spellings and their canonical values, keyed as zx_key
 * keys a cell (NFKC, trimmed, lower-cased; the contract's spellings need nothing more).
 */
export function spellingsOf(domain: string): [string, string][] {
  const pairs: [string, string][] =
    domain === BOOL_DOMAIN
      ? [...BOOLEAN_TRUE.map((s): [string, string] => [s, 'true']), ...BOOLEAN_FALSE.map((s): [string, string] => [s, 'false'])]
      : Object.entries(ENUM_DOMAINS[domain]).flatMap(([canonical, synonyms]) => [canonical, ...synonyms].map((s): [string, string] => [s, canonical]));
  const byKey = new Map<string, string>();
  for (const [spelling, canonical] of pairs) byKey.set(spelling.normalize('NFKC').trim().toLowerCase(), canonical);
  return [...byKey];
}

export async function installIngestMacros(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    'create or replace temp table zx_spellings (domain varchar, spelling varchar, canonical varchar)',
  );
  const appender = await connection.createAppender('zx_spellings', 'main', 'temp');
  try {
    for (const [domain, values] of Object.entries(ENUM_DOMAINS)) {
      for (const [canonical, synonyms] of Object.entries(values)) {
        for (const spelling of [canonical, ...synonyms]) {
          appender.appendVarchar(domain);
          appender.appendVarchar(spelling);
          appender.appendVarchar(canonical);
          appender.endRow();
        }
      }
    }
    for (const [spellings, value] of [[BOOLEAN_TRUE, 'true'], [BOOLEAN_FALSE, 'false']] as const) {
      for (const spelling of spellings) {
        appender.appendVarchar(BOOL_DOMAIN);
        appender.appendVarchar(spelling);
        appender.appendVarchar(value);
        appender.endRow();
      }
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  // zx_key needs the macros; zx_maps is read by zx_enum, which is bound when first used.
  await connection.run('create or replace temp table zx_maps (domain varchar, m map(varchar, varchar))');
  // zx_fold_rare's folds (contract/nfkc.ts), as variables: generated, not SQL text
  await connection.run('set variable zx_rare_from = $1', [NFKC_FOLDS.from]);
  await connection.run('set variable zx_rare_to = $1', [NFKC_FOLDS.to]);
  await connection.run('set variable zx_rare_pattern = $1', [NFKC_FOLDS.pattern]);
  await connection.run(MACROS_SQL);
  await connection.run(`
    insert into zx_maps
    select domain, map(list(key), list(canonical))
    from (select distinct domain, zx_key(spelling) as key, canonical from zx_spellings)
    group by domain`);
}

/**
 * Text exports (CSV, TSV, TXT with comma, tab or semicolon): the header is found in the
 * decoded head of the file; the body is landed by DuckDB's own CSV reader (the fast
 * path: see notes/stack.md), as VARCHAR, from UTF-8 — GB18030 files are first decoded
 * to a temporary UTF-8 file, since DuckDB cannot read GB18030.
 */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import Papa from 'papaparse';
import type { DuckDBConnection } from '@duckdb/node-api';
import { findHeader, HEADER_SEARCH_ROWS, type HeaderMatch } from '../detect/match-header.ts';
import type { FileScan } from './scan-file.ts';

const DELIMITERS = [',', '\t', ';'] as const;

/**
 * A landed source as SQL over its temp table: every record with `line`, the row number a
 * spreadsheet shows, and its cells c0…c{width-1}. Placeholders go into the caller's bag.
 */
export type LandedRelation = (p: (value: number) => string) => string;
const HEAD_BYTES = 256 * 1024;

export interface TextHeader {
  match: HeaderMatch;
  delimiter: string;
}

/** The first bytes of a file decoded with its encoding, BOM removed. */
export function readHeadText(scan: FileScan, maxBytes = HEAD_BYTES): string {
  const fd = fs.openSync(scan.path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(maxBytes, scan.bytes));
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
    const text = new TextDecoder(scan.encoding, { fatal: false }).decode(buffer.subarray(0, read), { stream: true });
    return text.replace(/^\uFEFF/, '');
  } finally {
    fs.closeSync(fd);
  }
}

/** Find the header row and the delimiter: the one under which a header is best recognised. */
export function sniffTextHeader(headText: string): TextHeader | null {
  let best: TextHeader | null = null;
  for (const delimiter of DELIMITERS) {
    const parsed = Papa.parse<string[]>(headText, { delimiter, preview: HEADER_SEARCH_ROWS, skipEmptyLines: false });
    const match = findHeader(parsed.data);
    if (match && (!best || match.columns.size > best.match.columns.size)) best = { match, delimiter };
  }
  return best;
}

/** Decode a GB18030 file to UTF-8 beside it in `tmpPath` (streaming, bounded memory). */
export async function transcodeToUtf8(sourcePath: string, tmpPath: string): Promise<void> {
  const decoder = new TextDecoder('gb18030', { fatal: false });
  const encoder = new TextEncoder();
  const decode = new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, encoder.encode(decoder.decode(chunk, { stream: true })));
    },
    flush(done) {
      done(null, encoder.encode(decoder.decode()));
    },
  });
  await pipeline(fs.createReadStream(sourcePath, { highWaterMark: 4 * 1024 * 1024 }), decode, fs.createWriteStream(tmpPath));
}

/**
 * Land every record of a UTF-8 text file into temp table `land_read` (c0…c{width-1} as
 * VARCHAR) and say how to read it with line numbers. Rows of a table created inside the
 * run's transaction get row ids counted from a large base (DuckDB's transaction-local
 * ids) in insertion order, which the CSV reader keeps as file order: the position of a
 * record is its row id less the first one. DuckDB skips blank lines; they are counted
 * back in, so that line numbers match the file.
 */
export async function landTextFile(
  connection: DuckDBConnection,
  utf8Path: string,
  scan: FileScan,
  delimiter: string,
  width: number,
): Promise<LandedRelation> {
  const columns = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  // Identifiers c0…cN are generated here; the path and delimiter are bound parameters.
  await connection.run(
    `create or replace temp table land_read as
     select * from read_csv($path, header = false, all_varchar = true, auto_detect = false,
       columns = {${columns}}, delim = $delim, quote = '"', escape = '"',
       null_padding = true, strict_mode = false, parallel = $parallel)`,
    { path: utf8Path, delim: delimiter, parallel: !scan.hasQuotes },
  );
  const base = Number((await connection.runAndReadAll('select coalesce(min(rowid), 0) from land_read')).getRows()[0][0]);
  await connection.run('create or replace temp table land_blanks (after_ordinal bigint, blanks_before bigint)');
  if (scan.blankRecords.length === 0) {
    return (p) => `(select (rowid - ${p(base)} + 1)::integer as line, * from land_read)`;
  }
  const appender = await connection.createAppender('land_blanks', 'main', 'temp');
  try {
    scan.blankRecords.forEach((record, index) => {
      // a blank record r follows (r - 1 - index) non-blank records
      appender.appendBigInt(BigInt(record - 1 - index));
      appender.appendBigInt(BigInt(index + 1));
      appender.endRow();
    });
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return (p) => `(
    select (r.ordinal + coalesce(b.blanks_before, 0))::integer as line, r.* exclude (ordinal)
    from (select (rowid - ${p(base)} + 1) as ordinal, * from land_read) r
    asof left join land_blanks b on r.ordinal > b.after_ordinal)`;
}

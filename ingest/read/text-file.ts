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
import { findHeader, HEADER_SEARCH_ROWS, type HeaderMatch } from '../detect/match-header.ts';
import type { FileScan } from './scan-file.ts';

const DELIMITERS = [',', '\t', ';'] as const;

/**
 * A landed source as SQL over its temp table: every record with `line`, the row number a
 * spreadsheet shows, and its cells c0…c{width-1}. Placeholders go into the caller's bag.
 */
export type LandedRelation = (p: (value: string | number | boolean) => string) => string;
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

/**
 * Whether DuckDB must read a UTF-8 copy of the file: GB18030, which it cannot read offline, or
 * UTF-8 with broken bytes, on which its reader stops (the copy has U+FFFD in their place).
 */
export function needsUtf8Copy(scan: FileScan): boolean {
  return scan.encoding === 'gb18030' || scan.invalidUtf8 > 0;
}

/** Decode a file to UTF-8 beside it in `tmpPath` (streaming, bounded memory). */
export async function transcodeToUtf8(sourcePath: string, tmpPath: string, encoding: FileScan['encoding']): Promise<void> {
  const decoder = new TextDecoder(encoding, { fatal: false });
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

/** DuckDB's default CSV buffer (16 × its 2 MB line limit). */
const DEFAULT_CSV_BUFFER = 32 * 1024 * 1024;
const MIN_CSV_BUFFER = 1024 * 1024;

/**
 * The reader's buffer for a file: DuckDB reads a file in parallel buffer by buffer, so with its
 * 32 MB default an export of a few MB is read — and typed — by one thread (a province's
 * attendance files are 2–7 MB each). 1 MB buffers let every core take a part. A buffer must
 * hold the longest line with room to spare (a GB18030 line grows by half in UTF-8); a file
 * read in one piece (quoted cells) keeps the default.
 */
export function csvBufferBytes(scan: FileScan): number {
  if (scan.hasQuotes) return DEFAULT_CSV_BUFFER;
  const needed = Math.max(MIN_CSV_BUFFER, scan.longestLine * 4);
  return needed <= MIN_CSV_BUFFER ? MIN_CSV_BUFFER : Math.max(DEFAULT_CSV_BUFFER, 2 ** Math.ceil(Math.log2(needed)));
}

/**
 * How to read every record of a UTF-8 text file, in file order: cells c0…c{width-1} as
 * VARCHAR from DuckDB's CSV reader (in parallel unless quoted cells may span lines), and
 * zx_line NULL — the line is the record's position in the typed Parquet file, where
 * DuckDB keeps the reader's order (see validate-sql.ts). Nothing is copied first.
 */
export function textFileCells(utf8Path: string, scan: FileScan, delimiter: string, width: number, quotes: 'csv' | 'text' = 'csv'): LandedRelation {
  const columns = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const quote = quotes === 'csv' ? '"' : '';
  // Identifiers c0…cN are generated here; the path, delimiter and mode are bound parameters.
  return (p) => `(select null::integer as zx_line, * from read_csv(${p(utf8Path)}, header = false, all_varchar = true,
       auto_detect = false, columns = {${columns}}, delim = ${p(delimiter)}, quote = ${p(quote)}, escape = ${p(quote)},
       null_padding = true, strict_mode = false, parallel = ${p(!scan.hasQuotes)}, buffer_size = ${p(csvBufferBytes(scan))}))`;
}

/**
 * A text file DuckDB could not read as CSV because of a quote (`"两学一做"专题` from a writer
 * that does not quote cells: a tab-separated export, most often) is read with its quotes as
 * text, when nothing in it is quoted as CSV quotes: no cell wrapped in quotes, and no line
 * holding a quote with another number of cells than the header (a quoted cell spanning lines
 * or holding the delimiter). Returns the file's records read so (each line one record, blank
 * lines as DuckDB's reader skips them), or null when the file has CSV quoting after all.
 */
export async function quotesAsTextScan(utf8Path: string, scan: FileScan, delimiter: string, width: number): Promise<FileScan | null> {
  const blankRecords: number[] = [];
  let records = 0;
  let rest = '';
  let quoted = false;
  const line = (text: string) => {
    records += 1;
    const cells = text.replace(/\r$/, '');
    if (cells === '') {
      blankRecords.push(records);
      return;
    }
    if (!cells.includes('"')) return;
    const split = cells.split(delimiter);
    if (split.length !== width || split.some((cell) => cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"'))) quoted = true;
  };
  // the decoder drops a byte order mark
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of fs.createReadStream(utf8Path, { highWaterMark: 4 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
    rest = lines.pop()!;
    for (const l of lines) line(l);
    if (quoted) return null;
  }
  rest += decoder.decode();
  if (rest.replace(/\r$/, '') !== '') line(rest);
  if (quoted) return null;
  return { ...scan, hasQuotes: false, blankRecords, records };
}

/**
 * Blank lines before a file's last record, as (after_ordinal, blanks_before): the blank
 * records that follow `after_ordinal` records that are not blank, and how many blank
 * records come before the next one. DuckDB's CSV reader skips blank lines, so these
 * shift the line numbers of the records after them; blank lines at the end shift nothing.
 */
export function interiorBlankLines(scan: FileScan): { afterOrdinal: number; blanksBefore: number }[] {
  const nonBlank = scan.records - scan.blankRecords.length;
  return scan.blankRecords
    // a blank record r follows (r - 1 - index) records that are not blank
    .map((record, index) => ({ afterOrdinal: record - 1 - index, blanksBefore: index + 1 }))
    .filter((b) => b.afterOrdinal < nonBlank);
}

/**
 * Reads the demo's export files back for the tests, independently of the ingest: decode
 * by the encoding the summary states, split with papaparse or read-excel-file, find the
 * header row by the contract's header names (NFKC + trim) and map columns to canonical
 * names. Cells are kept raw (text as written, Date for XLSX date cells).
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/node';
import { tableSpec } from '../../ingest/contract/tables.ts';
import { ENUM_DOMAINS } from '../../ingest/contract/enums.ts';
import type { DemoFile } from '../../demo/generate.ts';

export type Cell = string | number | boolean | Date | null;

export interface ParsedSheet {
  file: DemoFile;
  sheet: string | null;
  /** 1-based row of the header. */
  headerLine: number;
  headers: string[];
  /** Canonical column per position, null for an extra column. */
  columns: (string | null)[];
  rows: { line: number; cells: Cell[] }[];
  /** Rows above the header. */
  above: Cell[][];
}

export const norm = (value: Cell | undefined): string => (value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value)).normalize('NFKC').trim();

export function decodeText(bytes: Buffer, encoding: DemoFile['encoding']): string {
  if (encoding === 'gb18030') return new TextDecoder('gb18030').decode(bytes);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
}

export async function readExport(outDir: string, file: DemoFile): Promise<ParsedSheet[]> {
  const bytes = fs.readFileSync(path.join(outDir, file.path));
  if (file.format === 'xlsx') {
    const sheets = await readXlsxFile(bytes);
    return sheets
      .filter((s) => file.sheets?.some((x) => x.name === s.sheet && x.table !== null))
      .map((s) => toSheet(file, s.sheet, s.data as Cell[][]));
  }
  const parsed = Papa.parse<string[]>(decodeText(bytes, file.encoding), { delimiter: file.delimiter!, skipEmptyLines: false });
  const data = parsed.data;
  // papaparse yields one empty record after the final newline.
  if (data.length > 0 && data[data.length - 1]!.length === 1 && data[data.length - 1]![0] === '') data.pop();
  return [toSheet(file, null, data)];
}

function toSheet(file: DemoFile, sheet: string | null, data: Cell[][]): ParsedSheet {
  const spec = tableSpec(file.table);
  const lookup = new Map<string, string>();
  for (const c of spec.columns) for (const h of [...c.headers, c.name]) lookup.set(h.normalize('NFKC').trim(), c.name);
  const headerIndex = data.findIndex((r) => r.filter((c) => lookup.has(norm(c))).length >= 2);
  if (headerIndex < 0) throw new Error(`${file.path}${sheet ? ` [${sheet}]` : ''}: no header row`);
  const headers = data[headerIndex]!.map((c) => (c === null ? '' : String(c)));
  return {
    file,
    sheet,
    headerLine: headerIndex + 1,
    headers,
    columns: headers.map((h) => lookup.get(norm(h)) ?? null),
    rows: data.slice(headerIndex + 1).map((cells, i) => ({ line: headerIndex + 2 + i, cells })),
    above: data.slice(0, headerIndex),
  };
}

/** The raw cell of a canonical column, or undefined when the sheet lacks the column. */
export function cellOf(sheet: ParsedSheet, cells: Cell[], column: string): Cell | undefined {
  const i = sheet.columns.indexOf(column);
  return i < 0 ? undefined : (cells[i] ?? null);
}

/** The canonical value of an enum cell, or null when it is not one of the domain's spellings. */
export function canonical(domain: string, value: Cell | undefined): string | null {
  const text = norm(value);
  for (const [value_, synonyms] of Object.entries(ENUM_DOMAINS[domain]!)) {
    if (value_ === text || synonyms.some((s) => s.normalize('NFKC').toLowerCase() === text.toLowerCase())) return value_;
  }
  return null;
}

/** Minutes since 1970 on the wall clock, from the datetime spellings the demo writes. */
export function wallMinutes(value: Cell | undefined): number | null {
  if (value instanceof Date) return Math.floor(value.getTime() / 60_000);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?[ T](\d{1,2})[:时](\d{1,2})/.exec(norm(value));
  return m ? Math.floor(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!) / 60_000) : null;
}

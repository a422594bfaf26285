/**
 * The upload preview, in the browser: the first rows of each chosen file are read and matched
 * against the data contract with the ingest's own header recognition (findHeader, pure
 * TypeScript), so a wrong file is seen before it is sent. Text files: papaparse, decoded as
 * UTF-8 or, when the bytes are not valid UTF-8, as GB18030 (as the ingest does). XLSX: every
 * sheet's first rows by read-excel-file's browser build (loaded on demand); big workbooks are
 * not previewed. Old .xls and binary files are flagged, as the ingest would refuse them.
 */
import Papa from 'papaparse';
import { findHeader, HEADER_SEARCH_ROWS, type HeaderMatch } from '../../../../../ingest/detect/match-header.ts';

/** Bytes of a text file read for the preview (the ingest looks at 256 KB too). */
const HEAD_BYTES = 256 * 1024;
/** Workbooks larger than this are not opened in the browser (they are read whole). */
export const XLSX_PREVIEW_MAX_BYTES = 15 * 1024 * 1024;
const DELIMITERS = [',', '\t', ';'] as const;

export type PreviewKind = 'text' | 'xlsx' | 'xls' | 'binary';

export interface ColumnMapping {
  /** The header cell as written in the file. */
  header: string;
  /** The contract column it maps to. */
  column: string;
}

export interface SheetPreview {
  /** Sheet name (XLSX) or null. */
  sheet: string | null;
  /** The recognised table (contract name and Chinese label), or null when none. */
  table: { name: string; label: string } | null;
  /** 1-based row of the header in the file. */
  headerRow: number | null;
  mapped: ColumnMapping[];
  unknown: string[];
  /** Required columns the header lacks: "开始时间 (started_at)". */
  missing: string[];
  /** What the ingest will do with it: load, or refuse (and why). */
  verdict: 'ok' | 'missing' | 'unrecognised';
}

export interface FilePreview {
  name: string;
  bytes: number;
  kind: PreviewKind;
  /** Text files: utf-8 or gb18030. */
  encoding: 'utf-8' | 'gb18030' | null;
  delimiter: string | null;
  sheets: SheetPreview[];
  /** Why there is no preview (not an error of the file: e.g. a big workbook). */
  note: string | null;
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

/** The kind of a file from its first bytes (ZIP → xlsx, OLE → xls, NUL bytes → binary). */
export function sniffKind(head: Uint8Array): PreviewKind {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  const probe = head.subarray(0, 8192);
  if (startsWith(probe, [0xff, 0xfe]) || startsWith(probe, [0xfe, 0xff]) || probe.includes(0)) return 'binary';
  return 'text';
}

/** Decode the head of a text file: UTF-8 when valid, else GB18030 (a cut last line is dropped). */
export function decodeHead(head: Uint8Array, complete: boolean): { text: string; encoding: 'utf-8' | 'gb18030' } {
  // Cut at the last line break so a multi-byte character is never split at the end.
  let end = head.length;
  if (!complete) {
    const lastNewline = head.lastIndexOf(0x0a);
    if (lastNewline > 0) end = lastNewline + 1;
  }
  const bytes = head.subarray(0, end);
  let text: string;
  let encoding: 'utf-8' | 'gb18030' = 'utf-8';
  if (isValidUtf8(bytes)) text = new TextDecoder('utf-8').decode(bytes);
  else {
    encoding = 'gb18030';
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return { text: text.replace(/^\uFEFF/, ''), encoding };
}

/** Is `bytes` valid UTF-8? (A fatal decoder's TypeError is the answer "no", not a failure.) */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
}

function describe(match: HeaderMatch | null): SheetPreview {
  if (!match) return { sheet: null, table: null, headerRow: null, mapped: [], unknown: [], missing: [], verdict: 'unrecognised' };
  const mapped = [...match.columns.entries()].sort((a, b) => a[1] - b[1]).map(([column, index]) => ({ header: match.headerCells[index], column }));
  const missing = match.missingRequired.map((c) => `${c.headers[0]} (${c.name})`);
  return {
    sheet: null,
    table: { name: match.table.name, label: match.table.label },
    headerRow: match.rowIndex + 1,
    mapped,
    unknown: match.unknown,
    missing,
    verdict: missing.length ? 'missing' : 'ok',
  };
}

/** The best header among the delimiters, as the ingest's sniffTextHeader does. */
export function previewText(text: string): { sheet: SheetPreview; delimiter: string | null } {
  let best: { match: HeaderMatch; delimiter: string } | null = null;
  for (const delimiter of DELIMITERS) {
    const parsed = Papa.parse<string[]>(text, { delimiter, preview: HEADER_SEARCH_ROWS, skipEmptyLines: false });
    const match = findHeader(parsed.data);
    if (match && (!best || match.columns.size > best.match.columns.size)) best = { match, delimiter };
  }
  return { sheet: describe(best?.match ?? null), delimiter: best?.delimiter ?? null };
}

/** Preview one chosen file. */
export async function previewFile(file: File): Promise<FilePreview> {
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const kind = sniffKind(head);
  const base: FilePreview = { name: file.name, bytes: file.size, kind, encoding: null, delimiter: null, sheets: [], note: null };
  if (kind === 'text') {
    const { text, encoding } = decodeHead(head, file.size <= HEAD_BYTES);
    const { sheet, delimiter } = previewText(text);
    return { ...base, encoding, delimiter, sheets: [sheet] };
  }
  if (kind === 'xlsx') {
    if (file.size > XLSX_PREVIEW_MAX_BYTES) return { ...base, note: 'xlsx_too_big' };
    const { default: readXlsxFile } = await import('read-excel-file/browser');
    const sheets = await readXlsxFile(file);
    return {
      ...base,
      sheets: sheets.map((s) => ({ ...describe(findHeader(s.data.slice(0, HEADER_SEARCH_ROWS) as unknown[][])), sheet: s.sheet })),
    };
  }
  return base;
}

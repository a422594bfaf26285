/**
 * Recognising a table by its header row: every cell is mapped to a contract column
 * by alias (after NFKC and trim), and the table whose columns the row names most is
 * the one the file holds (unless the row is at a finer grain: finerGrain). The header row
 * itself is searched in the first 15 rows.
 */
import { TABLES, type ColumnSpec, type TableName, type TableSpec } from '../contract/tables.ts';
import { headerKey } from './normalize-header.ts';

/** How many rows from the top a header may stand at (0–10 title rows, blank rows). */
export const HEADER_SEARCH_ROWS = 15;

/** A header match needs at least this many recognised columns to count. */
const MIN_RECOGNISED = 2;

export interface HeaderMatch {
  table: TableSpec;
  /** 0-based index of the header row among the rows searched. */
  rowIndex: number;
  /** For each canonical column found: the 0-based cell index it comes from. */
  columns: Map<string, number>;
  /** Header cells that name no contract column of this table. */
  unknown: string[];
  /** Header cells that name a column an earlier cell already named (the earlier one is read). */
  repeated: { cell: string; column: string; first: string }[];
  /** Required columns of the table that the header lacks. */
  missingRequired: ColumnSpec[];
  /** The header cells as written (trimmed). */
  headerCells: string[];
}

const ALIASES: Map<TableName, Map<string, string>> = new Map(
  TABLES.map((table) => {
    const byKey = new Map<string, string>();
    for (const column of table.columns) {
      for (const alias of [column.name, ...column.headers]) byKey.set(headerKey(alias), column.name);
    }
    return [table.name, byKey];
  }),
);

/** Map one row of header cells onto one table's columns. */
export function matchRowToTable(cells: unknown[], table: TableSpec, rowIndex = 0): HeaderMatch {
  const aliases = ALIASES.get(table.name)!;
  const columns = new Map<string, number>();
  const unknown: string[] = [];
  const repeated: HeaderMatch['repeated'] = [];
  const headerCells = cells.map((c) => (c === null || c === undefined ? '' : String(c).trim()));
  headerCells.forEach((cell, index) => {
    const key = headerKey(cell);
    if (!key) return;
    const column = aliases.get(key);
    if (!column) unknown.push(cell);
    else if (columns.has(column)) repeated.push({ cell, column, first: headerCells[columns.get(column)!]! });
    else columns.set(column, index);
  });
  const missingRequired = table.columns.filter((c) => c.required && !columns.has(c.name));
  return { table, rowIndex, columns, unknown, repeated, missingRequired, headerCells };
}

/**
 * Both tables loadable from the header, and one's key holds the other's: the rows are at the
 * finer grain. An attendance export that repeats its meeting's columns on every row (活动编号,
 * 会议主题, 会议时间, 支部代码, 党员编号, 参会状态) names more activities columns than
 * attendance ones, yet holds one row per member at a meeting, not one per meeting.
 */
function finerGrain(a: HeaderMatch, b: HeaderMatch): boolean | null {
  if (a.missingRequired.length > 0 || b.missingRequired.length > 0) return null;
  const holds = (x: HeaderMatch, y: HeaderMatch) => x.table.key.length > y.table.key.length && y.table.key.every((k) => x.table.key.includes(k));
  if (holds(a, b)) return true;
  if (holds(b, a)) return false;
  return null;
}

function better(a: HeaderMatch, b: HeaderMatch | null): boolean {
  if (!b) return true;
  const finer = a.rowIndex === b.rowIndex ? finerGrain(a, b) : null;
  if (finer !== null) return finer;
  if (a.columns.size !== b.columns.size) return a.columns.size > b.columns.size;
  if (a.missingRequired.length !== b.missingRequired.length) return a.missingRequired.length < b.missingRequired.length;
  const share = (m: HeaderMatch) => m.columns.size / m.table.columns.length;
  if (share(a) !== share(b)) return share(a) > share(b);
  return a.rowIndex < b.rowIndex;
}

/**
 * The most convincing (row, table) pair in the first rows, or null when no row names
 * at least two columns of any table. A match may still miss required columns: the
 * caller refuses such a file, naming the table it looked like and what is missing.
 */
export function findHeader(rows: unknown[][], searchRows = HEADER_SEARCH_ROWS): HeaderMatch | null {
  let best: HeaderMatch | null = null;
  rows.slice(0, searchRows).forEach((row, rowIndex) => {
    for (const table of TABLES) {
      const match = matchRowToTable(row, table, rowIndex);
      if (match.columns.size >= MIN_RECOGNISED && better(match, best)) best = match;
    }
  });
  return best;
}

/** "开始时间 (started_at)" — how a missing column is named to a person. */
export function describeColumn(column: ColumnSpec): string {
  return `${column.headers[0]} (${column.name})`;
}

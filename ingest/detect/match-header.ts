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

/** The tables each table's rows point to, directly or through their parents. */
const ANCESTORS: Map<TableName, Set<TableName>> = (() => {
  const direct = new Map(TABLES.map((t) => [t.name, t.references.map((r) => r.table)]));
  const ancestors = new Map<TableName, Set<TableName>>();
  const walk = (name: TableName, into: Set<TableName>) => {
    for (const parent of direct.get(name) ?? []) {
      if (into.has(parent) || parent === name) continue;
      into.add(parent);
      walk(parent, into);
    }
  };
  for (const t of TABLES) {
    const into = new Set<TableName>();
    walk(t.name, into);
    ancestors.set(t.name, into);
  }
  return ancestors;
})();

/**
 * The header names a whole key of one table that sits below the other: the rows are that
 * table's, even when the other table names more columns (or misses fewer). Exports repeat the
 * columns of a row's parents on every row: an attendance list repeats its meeting's (活动编号,
 * 会议主题, 会议时间, 支部代码, 党员编号, 参会状态: one row per member at a meeting, not one per
 * meeting); an evaluation list its university's (高校代码, 高校名称, 所在地市, 支部代码, 年度,
 * 评定等次: one row per branch and year, not per university). So the finer table wins as soon
 * as its key is there — if it then misses a required column (a sign-in list without 参会状态),
 * the file is refused naming it, rather than read as the coarser table and its rows taken for
 * that table's (a meeting's title and time overwritten by every member's row).
 */
function finerGrain(a: HeaderMatch, b: HeaderMatch): boolean | null {
  const below = (x: HeaderMatch, y: HeaderMatch) => {
    if (!x.table.key.every((k) => x.columns.has(k))) return false;
    const keyHolds = x.table.key.length > y.table.key.length && y.table.key.every((k) => x.table.key.includes(k));
    return keyHolds || ANCESTORS.get(x.table.name)!.has(y.table.name);
  };
  const aBelow = below(a, b);
  const bBelow = below(b, a);
  if (aBelow !== bBelow) return aBelow;
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

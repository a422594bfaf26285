/** Sorting rows: numbers numerically, text by pinyin (zh-CN collation), NULLs always last. */
import { zhCollator } from '../format/numbers.ts';
import { field, isNumericKind, type Column, type Row } from './columns.ts';

/** `sort` is a column key, `-` first for descending. */
export function parseSort(sort: string | null): { key: string; desc: boolean } | null {
  if (!sort) return null;
  return sort.startsWith('-') ? { key: sort.slice(1), desc: true } : { key: sort, desc: false };
}

export function sortRows<R extends Row>(rows: readonly R[], columns: readonly Column<R>[], sort: string | null): R[] {
  const parsed = parseSort(sort);
  if (!parsed) return [...rows];
  const column = columns.find((c) => c.key === parsed.key);
  if (!column) return [...rows];
  const numeric = isNumericKind(column.kind);
  const dir = parsed.desc ? -1 : 1;
  // Decorate once: compare pre-extracted keys (fast for thousands of rows).
  const decorated = rows.map((row, i) => ({ row, i, v: field(row, parsed.key) }));
  decorated.sort((a, b) => {
    const an = a.v === null || a.v === undefined;
    const bn = b.v === null || b.v === undefined;
    if (an || bn) return an && bn ? a.i - b.i : an ? 1 : -1;
    let c: number;
    if (numeric) c = (Number(a.v) - Number(b.v)) * dir;
    else if (typeof a.v === 'boolean') c = (Number(a.v) - Number(b.v)) * dir;
    else c = zhCollator.compare(String(a.v), String(b.v)) * dir;
    return c !== 0 ? c : a.i - b.i;
  });
  return decorated.map((d) => d.row);
}

/** The next sort when a header is clicked: ascending, then descending, then back to none. */
export function nextSort(current: string | null, key: string, numeric: boolean): string | null {
  const parsed = parseSort(current);
  // Numbers start descending (highest first), text ascending.
  const first = numeric ? `-${key}` : key;
  const second = numeric ? key : `-${key}`;
  if (!parsed || parsed.key !== key) return first;
  const now = parsed.desc ? `-${key}` : key;
  return now === first ? second : null;
}

/** How a table column is shown, sorted and exported. */
import type { IndicatorUnit } from '../indicators.ts';

export type ColumnKind = 'text' | 'date' | 'datetime' | 'rank_change' | 'bool' | IndicatorUnit;

export interface Column<R extends object = Record<string, unknown>> {
  /** The row field. */
  key: string;
  /** The header (already translated). */
  label: string;
  kind: ColumnKind;
  /** A definition shown on hover of the header. */
  definition?: string;
  /** A link for the cell (drill-down). */
  href?: (row: R) => string | null;
  /** Why a NULL cell is empty (shown on hover); defaults to the generic reason. */
  nullReason?: string | ((row: R) => string);
  /** Right-aligned numbers; default by kind. */
  numeric?: boolean;
  /** CSS width, e.g. '8em'. */
  width?: string;
  /** Not sortable (e.g. an action column). */
  unsortable?: boolean;
}

/** Any row object; fields are read by column key. */
export type Row = object;

/** The value of `key` in `row`. */
export function field(row: object, key: string): unknown {
  return (row as Record<string, unknown>)[key];
}

export function isNumericKind(kind: ColumnKind): boolean {
  return kind === 'rate' || kind === 'score' || kind === 'index' || kind === 'count' || kind === 'ratio' || kind === 'rank_change';
}

/**
 * How a canonical value becomes the text (or XLSX cell) an export platform writes: the
 * date, datetime, boolean, multi-value and quarter spellings of data-contract.md, enum
 * synonyms, full-width codes and digits, padded cells. A file's `CellStyle` picks the
 * spellings; per-row quirks (full width, padding, synonyms) are drawn from the file's
 * own random stream, so the same file always comes out the same.
 */
import type { ColumnKind, ColumnSpec } from '../ingest/contract/tables.ts';
import { ENUM_DOMAINS } from '../ingest/contract/enums.ts';
import { excelDateOfDay, excelDateOfStamp, pad2, partsOfStamp, ymdOf } from './calendar.ts';
import type { Random } from './random.ts';

export type DateStyle = 'iso' | 'slash' | 'dot' | 'chinese' | 'compact';
export type TimeStyle = 'hm' | 'hms' | 'chinese' | 'T';

export interface CellStyle {
  /** Dates as text in this form, or `cell` for a real XLSX date cell. */
  date: DateStyle | 'cell';
  datetime: { date: DateStyle; time: TimeStyle } | 'cell';
  /** Spellings of true and false. */
  bool: readonly [string, string];
  /** Separators of multi-valued cells; each cell uses one of them. */
  separators: string;
  /** Share of enum cells written as a synonym, when the value has one. */
  synonymShare: number;
  /** Share of rows whose codes and integers are written in full-width forms. */
  fullWidthShare: number;
  /** Share of rows with one padded cell. */
  padShare: number;
  /** Quarter spellings: `plain` 2022Q3 only, `mixed` all four forms of the contract. */
  quarters: 'plain' | 'mixed';
}

/** A value written as is, bypassing formatting: the deliberately bad cells. */
export interface RawCell {
  raw: string;
}

export type CellInput = string | number | boolean | string[] | RawCell | null | undefined;
export type CellOutput = string | number | Date | null;

export function isRaw(value: CellInput): value is RawCell {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'raw' in value;
}

/** `ＡＨ００１` for `AH001`: full-width forms of printable ASCII. */
export function toFullWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    out += c >= 0x21 && c <= 0x7e ? String.fromCodePoint(c + 0xfee0) : ch;
  }
  return out;
}

export function formatDay(day: number, style: DateStyle): string {
  const { year, month, day: d } = ymdOf(day);
  switch (style) {
    case 'iso':
      return `${year}-${pad2(month)}-${pad2(d)}`;
    case 'slash':
      return `${year}/${month}/${d}`;
    case 'dot':
      return `${year}.${month}.${d}`;
    case 'chinese':
      return `${year}年${month}月${d}日`;
    case 'compact':
      return `${year}${pad2(month)}${pad2(d)}`;
  }
}

export function formatStamp(stamp: number, style: { date: DateStyle; time: TimeStyle }): string {
  const p = partsOfStamp(stamp);
  if (style.time === 'T') return `${p.year}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
  const date = formatDay(Math.floor(stamp / 86_400), style.date);
  switch (style.time) {
    case 'hm':
      return `${date} ${pad2(p.hour)}:${pad2(p.minute)}`;
    case 'hms':
      return `${date} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
    case 'chinese':
      return `${date} ${p.hour}时${pad2(p.minute)}分`;
  }
}

const QUARTER_NUMERALS = ['一', '二', '三', '四'];

/** `2022Q3` in one of the contract's forms: 2022Q3, 2022-Q3, 2022年第三季度, 2022年第3季度. */
export function formatQuarter(quarter: string, form: number): string {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!m) throw new Error(`not a quarter: ${quarter}`);
  const [year, q] = [m[1]!, Number(m[2])];
  switch (form % 4) {
    case 0:
      return `${year}Q${q}`;
    case 1:
      return `${year}-Q${q}`;
    case 2:
      return `${year}年第${QUARTER_NUMERALS[q - 1]}季度`;
    default:
      return `${year}年第${q}季度`;
  }
}

/** Per-row quirk decisions, drawn once a row. */
export interface RowQuirks {
  fullWidth: boolean;
  /** Index of the column to pad, or -1. */
  padColumn: number;
}

export type CellFormatter = (value: CellInput, row: RowQuirks, rng: Random) => CellOutput;

/** Builds the formatter of one column of a file: the contract's kind decides what the value is. */
export function cellFormatter(spec: ColumnSpec, style: CellStyle, xlsx: boolean): CellFormatter {
  const kind: ColumnKind = spec.kind;
  const synonyms = spec.domain ? ENUM_DOMAINS[spec.domain] : undefined;
  const [yes, no] = style.bool;
  return (value, row, rng) => {
    if (value === null || value === undefined) return null;
    if (isRaw(value)) return value.raw;
    switch (kind) {
      case 'date':
        if (style.date === 'cell') return excelDateOfDay(value as number);
        return formatDay(value as number, style.date);
      case 'datetime':
        if (style.datetime === 'cell') return excelDateOfStamp(value as number);
        return formatStamp(value as number, style.datetime);
      case 'bool':
        return value ? yes : no;
      case 'multi_enum': {
        const list = value as string[];
        if (list.length === 0) return null;
        const sep = style.separators[Math.floor(rng.next() * style.separators.length)]!;
        return list.join(sep);
      }
      case 'enum': {
        const text = value as string;
        const alt = synonyms?.[text];
        if (alt && alt.length > 0 && style.synonymShare > 0 && rng.next() < style.synonymShare) return alt[Math.floor(rng.next() * alt.length)]!;
        return text;
      }
      case 'quarter':
        return style.quarters === 'mixed' ? formatQuarter(value as string, Math.floor(rng.next() * 4)) : (value as string);
      case 'int':
      case 'year':
      case 'number':
        if (row.fullWidth && kind !== 'number') return toFullWidth(String(value));
        return xlsx ? (value as number) : String(value);
      case 'code':
        return row.fullWidth ? toFullWidth(value as string) : (value as string);
      default:
        return String(value);
    }
  };
}

/** Leading and trailing spaces, as typed by hand into a spreadsheet. */
export function padded(text: string, rng: Random): string {
  return `${' '.repeat(rng.int(1, 2))}${text}${' '.repeat(rng.int(0, 3))}`;
}

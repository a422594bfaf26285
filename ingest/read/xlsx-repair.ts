/**
 * What the XLSX reader (read-excel-file) does not take as a workbook holds it, made right
 * before it reads the file:
 *
 * - error cells (t="e": #N/A from a VLOOKUP, #VALUE!; openpyxl writes the text "#N/A" so
 *   too) come out empty from the reader, as if the cell were blank: an optional column would
 *   load them as unknown. They are handed over as their text, which the validation refuses
 *   as a bad value and quarantines with the cell shown.
 * - cells without a reference (r="B4", optional in the file format; some exporters leave it
 *   out) make the reader fail: each gets the reference its place in the row gives it.
 * - a whole number shown with leading zeros by its format ("000000": a code or staff number
 *   typed as a number, 123 shown as 000123) is handed over as the text the cell shows; the
 *   reader would give 123, and a code must be the one the user sees.
 * - ISO date cells (t="d", written by some exporters instead of a serial number): the reader
 *   parses a value without a zone (2024-03-05T14:30:00) in the process's time zone, so on a
 *   machine set to Asia/Shanghai it would come out 8 hours early. A date cell carries no zone
 *   and its wall-clock value is the local time (the contract), as for serial dates: the value
 *   is marked UTC (…Z), which is how the reader hands over serial dates too.
 * - the 1904 date system (workbookPr date1904, old Mac Excel): the reader applies it to date
 *   cells but a plain serial number in a date column is read by the SQL as a 1900 serial, so
 *   the caller is told (epoch1904) and shifts those.
 *
 * The workbook is unzipped once to look (a search of its bytes); only a workbook that needs a
 * repair is zipped again (stored, not compressed) and read from memory.
 */
import fs from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';

export interface PreparedWorkbook {
  /** The file to read: its path, or the repaired workbook's bytes. */
  input: string | Buffer;
  /** Whether the workbook counts its dates from 1904 (a serial is 1,462 days short). */
  epoch1904: boolean;
}

/** Days between the 1900 and the 1904 date systems' day 0. */
export const EPOCH_1904_OFFSET_DAYS = 1462;

const SHEET = /^xl\/worksheets\/[^/]+\.xml$/;

/**
 * Look at the workbook at `path` and repair what needs it. Cells without a reference are only
 * looked for when asked (`references`): finding them means decoding every sheet, and the caller
 * asks only after the reader failed on the file as it is.
 */
export function prepareWorkbook(path: string, options: { references?: boolean } = {}): PreparedWorkbook {
  let files: Unzipped;
  try {
    files = unzipSync(fs.readFileSync(path), { filter: (f) => f.name.endsWith('.xml') || f.name.endsWith('.rels') });
  } catch {
    // Not a ZIP the inflater can read: the reader says why, in its own words (the caller reports it).
    return { input: path, epoch1904: false };
  }
  const workbook = files['xl/workbook.xml'];
  const epoch1904 = workbook !== undefined && /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(strFromU8(workbook));
  const padded = zeroPaddedStyles(files['xl/styles.xml'] ? strFromU8(files['xl/styles.xml']) : '');
  let repaired = false;
  for (const name of Object.keys(files)) {
    if (!SHEET.test(name)) continue;
    const bytes = Buffer.from(files[name]!.buffer, files[name]!.byteOffset, files[name]!.byteLength);
    const hasErrors = bytes.includes('t="e"');
    const hasIsoDates = bytes.includes('t="d"');
    if (!hasErrors && !hasIsoDates && !options.references && padded.size === 0) continue;
    const xml = strFromU8(files[name]!);
    const lacksReferences = options.references === true && CELL_WITHOUT_REFERENCE.test(xml);
    let fixed = lacksReferences ? withCellReferences(xml) : xml;
    if (hasErrors) fixed = withErrorsAsText(fixed);
    if (hasIsoDates) fixed = withIsoDatesAsUtc(fixed);
    if (padded.size > 0) fixed = withZeroPaddedText(fixed, padded);
    if (fixed === xml) continue;
    files[name] = strToU8(fixed);
    repaired = true;
  }
  if (!repaired) return { input: path, epoch1904 };
  return { input: Buffer.from(zipSync(files, { level: 0 })), epoch1904 };
}

/** A cell element (<c …> or <x:c …>) whose attributes hold no r="…". */
const CELL_WITHOUT_REFERENCE = /<(?:\w+:)?c(?=[\s>/])(?![^>]*\sr=")[^>]*>/;

/** An error cell: its attributes, and its content (a formula and the error's text in <v>). */
const ERROR_CELL = /<((?:\w+:)?)c\b([^>]*?)\st="e"([^>]*?)(?:\/>|>([\s\S]*?)<\/\1c>)/g;

/** Each error cell as an inline string of its text: #N/A stays #N/A, no longer empty. */
export function withErrorsAsText(xml: string): string {
  return xml.replace(ERROR_CELL, (whole, prefix: string, before: string, after: string, content: string | undefined) => {
    const text = content === undefined ? null : /<(?:\w+:)?v>([^<]*)<\/(?:\w+:)?v>/.exec(content)?.[1];
    if (!text) return whole; // no error text: an empty cell it stays
    return `<${prefix}c${before}${after} t="inlineStr"><${prefix}is><${prefix}t>${text}</${prefix}t></${prefix}is></${prefix}c>`;
  });
}

/** An ISO date cell: its attributes and its content. */
const ISO_DATE_CELL = /<((?:\w+:)?)c\b([^>]*?)\st="d"([^>]*?)>([\s\S]*?)<\/\1c>/g;
/** A date-time value with no zone: the reader would read it in the process's time zone. */
const ZONELESS_DATE_TIME = /(<(?:\w+:)?v>\s*)([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)(\s*<\/(?:\w+:)?v>)/;

/** Each ISO date cell's zone-less date-time marked UTC, so that it is read as its wall clock. */
export function withIsoDatesAsUtc(xml: string): string {
  return xml.replace(ISO_DATE_CELL, (whole, prefix: string, before: string, after: string, content: string) => {
    const marked = content.replace(ZONELESS_DATE_TIME, '$1$2Z$3');
    return marked === content ? whole : `<${prefix}c${before} t="d"${after}>${marked}</${prefix}c>`;
  });
}

function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function columnIndex(reference: string): number {
  let index = 0;
  for (const ch of reference.replace(/[0-9]+$/, '')) index = index * 26 + (ch.charCodeAt(0) - 64);
  return index - 1;
}

const ROW = /<((?:\w+:)?)row\b([^>]*?)(\/>|>([\s\S]*?)<\/\1row>)/g;
const CELL_START = /<((?:\w+:)?)c(?=[\s>/])([^>]*?)(\/?)>/g;

/**
 * Each cell without a reference gets the one its place gives it: the row's number (its r, or
 * the row after the one before) and the column after the cell before it in the row.
 */
export function withCellReferences(xml: string): string {
  let rowNumber = 0;
  return xml.replace(ROW, (_whole, prefix: string, attributes: string, end: string, content: string | undefined) => {
    const given = /\sr="([0-9]+)"/.exec(attributes);
    rowNumber = given ? Number(given[1]) : rowNumber + 1;
    const rowAttributes = given ? attributes : `${attributes} r="${rowNumber}"`;
    if (content === undefined) return `<${prefix}row${rowAttributes}${end}`;
    let column = -1;
    const cells = content.replace(CELL_START, (cell, cellPrefix: string, cellAttributes: string, selfClosing: string) => {
      const reference = /\sr="([A-Z]+[0-9]+)"/.exec(cellAttributes);
      if (reference) {
        column = columnIndex(reference[1]!);
        return cell;
      }
      column += 1;
      return `<${cellPrefix}c r="${columnLetters(column)}${rowNumber}"${cellAttributes}${selfClosing}>`;
    });
    return `<${prefix}row${rowAttributes}>${cells}</${prefix}row>`;
  });
}

/**
 * The cell styles (their index in cellXfs) whose number format pads a whole number with
 * zeros ("000000"), with the width they pad to.
 */
export function zeroPaddedStyles(stylesXml: string): Map<number, number> {
  const widths = new Map<string, number>();
  for (const m of stylesXml.matchAll(/<(?:\w+:)?numFmt\b[^>]*?\bnumFmtId="([0-9]+)"[^>]*?\bformatCode="([^"]*)"/g)) {
    const code = m[2]!.replace(/&quot;|"|\\/g, '');
    if (/^0{2,}$/.test(code)) widths.set(m[1]!, code.length);
  }
  const styles = new Map<number, number>();
  if (widths.size === 0) return styles;
  const cellXfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
  let index = 0;
  for (const xf of cellXfs.matchAll(/<(?:\w+:)?xf\b([^>]*)>/g)) {
    const id = /\bnumFmtId="([0-9]+)"/.exec(xf[1]!)?.[1];
    if (id !== undefined && widths.has(id)) styles.set(index, widths.get(id)!);
    index++;
  }
  return styles;
}

/** A number cell: its attributes and its value, nothing else (no formula, no type but n). */
const NUMBER_CELL = /<((?:\w+:)?)c\b([^>]*?)>\s*<(?:\w+:)?v>([0-9]+)<\/(?:\w+:)?v>\s*<\/\1c>/g;

/** Each whole number whose style pads it with zeros, as the text it shows (123 → 000123). */
export function withZeroPaddedText(xml: string, padded: Map<number, number>): string {
  return xml.replace(NUMBER_CELL, (whole, prefix: string, attributes: string, digits: string) => {
    const type = /\st="([^"]*)"/.exec(attributes)?.[1];
    const style = /\ss="([0-9]+)"/.exec(attributes)?.[1];
    const width = style === undefined ? undefined : padded.get(Number(style));
    if ((type !== undefined && type !== 'n') || width === undefined || digits.length >= width) return whole;
    const rest = attributes.replace(/\st="[^"]*"/, '');
    return `<${prefix}c${rest} t="inlineStr"><${prefix}is><${prefix}t>${digits.padStart(width, '0')}</${prefix}t></${prefix}is></${prefix}c>`;
  });
}

/**
 * One streaming pass over a file's bytes before anything is parsed: its SHA-256 (for
 * duplicate detection), its kind (XLSX by the ZIP signature, else text), its encoding
 * (valid UTF-8 → UTF-8, else GB18030, as the contract says — but a UTF-8 file with a few
 * broken bytes, a character cut by a platform's length limit, stays UTF-8: read as GB18030
 * every Chinese cell of it would be garbled; see mostlyUtf8) and, for text, where the
 * blank lines are — DuckDB's CSV reader skips them, but line numbers in messages must
 * be the ones a spreadsheet shows, so they are counted back in.
 */
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';

export type FileKind = 'xlsx' | 'xls' | 'text' | 'binary';
export type TextEncoding = 'utf-8' | 'gb18030';

export interface FileScan {
  path: string;
  bytes: number;
  sha256: string;
  kind: FileKind;
  encoding: TextEncoding;
  /** Broken sequences of a UTF-8 file (each read as U+FFFD; their rows are quarantined). */
  invalidUtf8: number;
  hasBom: boolean;
  /** The file holds a double quote somewhere: quoted cells may span lines. */
  hasQuotes: boolean;
  /** 1-based record numbers (rows as a spreadsheet shows them) of empty lines. */
  blankRecords: number[];
  /** Number of records (rows) in a text file. */
  records: number;
  /** Bytes of the longest line (between two newlines) of a text file. */
  longestLine: number;
}

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
/** Bytes after which a cell begins: a new line or any delimiter a text export may use. */
const CELL_START = new Set([NL, 0x2c /* , */, 0x09 /* tab */, 0x3b /* ; */]);

/**
 * Walks text bytes record by record, aware of quoted cells spanning lines, as DuckDB's reader
 * (strict_mode off) takes them: a quote opens a quoted cell only where a cell begins; inside
 * one, "" is a quote and a lone quote closes it; a quote inside an unquoted cell (学习"两学一做)
 * is text. (The delimiter is not known yet: a comma, tab or semicolon all begin a cell here.)
 */
class RecordCounter {
  records = 0; // records completed
  blank: number[] = [];
  /** Bytes of the longest line seen, and of the line being read so far. */
  longest = 0;
  private lineBytes = 0;
  private inQuotes = false;
  /** A quote inside a quoted cell was the last byte of a chunk: "" or a closing quote. */
  private pendingQuote = false;
  private lastByte = NL; // the byte before the next chunk's first
  private currentEmpty = true; // the record being read has no byte yet (but maybe CR)
  private started = false; // any byte seen in the current record

  feed(chunk: Buffer, hasQuotes: boolean): void {
    if (chunk.length === 0) return;
    let pos = 0;
    let quotesFrom = 0;
    if (this.pendingQuote) {
      this.pendingQuote = false;
      if (chunk[0] === QUOTE) quotesFrom = 1; // an escaped quote: still inside the cell
      else this.inQuotes = false;
    }
    while (pos < chunk.length) {
      const nl = chunk.indexOf(NL, pos);
      const end = nl === -1 ? chunk.length : nl;
      this.lineBytes += end - pos;
      if (this.lineBytes > this.longest) this.longest = this.lineBytes;
      if (nl !== -1) this.lineBytes = 0;
      if (end > pos) {
        // bytes of this line segment: empty unless they are only a CR (before the newline,
        // or at the chunk's end with the newline in the next chunk)
        const onlyCr = end - pos === 1 && chunk[pos] === CR;
        if (!onlyCr) this.currentEmpty = false;
        this.started = true;
        if (hasQuotes) this.walkQuotes(chunk, Math.max(pos, quotesFrom), end);
      }
      if (nl === -1) break;
      if (!this.inQuotes) {
        this.records += 1;
        if (this.currentEmpty) this.blank.push(this.records);
        this.currentEmpty = true;
        this.started = false;
      }
      pos = nl + 1;
    }
    this.lastByte = chunk[chunk.length - 1]!;
  }

  /** Follow the quotes of chunk[from, end), a line segment. */
  private walkQuotes(chunk: Buffer, from: number, end: number): void {
    let q = chunk.indexOf(QUOTE, from);
    while (q !== -1 && q < end) {
      if (this.inQuotes) {
        if (q + 1 === chunk.length) {
          this.pendingQuote = true;
          return;
        }
        if (chunk[q + 1] === QUOTE) {
          q = chunk.indexOf(QUOTE, q + 2);
          continue;
        }
        this.inQuotes = false;
      } else if (CELL_START.has(q > 0 ? chunk[q - 1]! : this.lastByte)) {
        this.inQuotes = true;
      }
      q = chunk.indexOf(QUOTE, q + 1);
    }
  }

  finish(): void {
    if (this.started && !this.currentEmpty) this.records += 1;
  }
}

export async function scanFile(path: string): Promise<FileScan> {
  const hash = createHash('sha256');
  let bytes = 0;
  let head: Buffer | null = null;
  let utf8 = true;
  // Once a chunk is not valid UTF-8: its valid multi-byte sequences and invalid bytes so far.
  let validSequences = 0;
  let invalidBytes = 0;
  let carry = Buffer.alloc(0);
  let hasQuotes = false;
  const counter = new RecordCounter();
  let kind: FileKind | null = null;

  const stream = fs.createReadStream(path, { highWaterMark: 4 * 1024 * 1024 });
  for await (const raw of stream as AsyncIterable<Buffer>) {
    hash.update(raw);
    bytes += raw.length;
    if (!head) {
      head = raw.subarray(0, 8);
      kind = detectKind(head);
    }
    if (kind !== 'text') continue;
    // Earlier chunks had no quote at all, so counting them quote-blind was exact.
    if (!hasQuotes && raw.indexOf(QUOTE) !== -1) hasQuotes = true;
    // UTF-8 validity across chunk boundaries: hold back an incomplete trailing sequence.
    if (utf8) {
      const joined = carry.length ? Buffer.concat([carry, raw]) : raw;
      const cut = incompleteTail(joined);
      const whole = joined.subarray(0, joined.length - cut);
      if (!isUtf8(whole)) {
        const evidence = utf8Evidence(whole);
        validSequences += evidence.valid;
        invalidBytes += evidence.invalid;
        if (!mostlyUtf8(validSequences, invalidBytes, false)) utf8 = false;
      }
      carry = Buffer.from(joined.subarray(joined.length - cut));
    }
    // DuckDB's reader drops a byte order mark: a line holding only the mark is blank to it.
    const bomFirst = bytes === raw.length && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
    counter.feed(bomFirst ? raw.subarray(3) : raw, hasQuotes);
  }
  if (utf8 && carry.length) invalidBytes += 1; // a sequence cut by the end of the file
  if (utf8 && invalidBytes > 0 && !mostlyUtf8(validSequences, invalidBytes, true)) utf8 = false;
  counter.finish();
  const headBytes = head ?? Buffer.alloc(0);
  const hasBom = headBytes[0] === 0xef && headBytes[1] === 0xbb && headBytes[2] === 0xbf;
  return {
    path,
    bytes,
    sha256: hash.digest('hex'),
    kind: kind ?? 'text',
    encoding: utf8 ? 'utf-8' : 'gb18030',
    invalidUtf8: utf8 ? invalidBytes : 0,
    hasBom,
    hasQuotes,
    blankRecords: counter.blank,
    records: counter.records,
    longestLine: counter.longest,
  };
}

/**
 * Whether text with `valid` multi-byte UTF-8 sequences and `invalid` broken ones is UTF-8 with
 * a few broken characters: at least 20 good sequences for each broken one. GB18030 text read
 * as UTF-8 is mostly broken sequences (its two-byte characters rarely form UTF-8 by chance).
 * Before the end of the file (`final` false) it is judged only once a dozen broken ones are in.
 */
function mostlyUtf8(valid: number, invalid: number, final: boolean): boolean {
  if (!final && invalid < 12) return true;
  return invalid * 20 <= valid;
}

/**
 * Valid multi-byte UTF-8 sequences in `bytes`, and broken ones: a sequence begun and cut short
 * (one character cut by a length limit counts once), or a byte that begins none.
 */
export function utf8Evidence(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const need = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 1;
    let length = 1;
    while (length < need && i + length < bytes.length && (bytes[i + length]! & 0xc0) === 0x80) length += 1;
    if (need > 1 && length === need) valid += 1;
    else invalid += 1;
    i += length;
  }
  return { valid, invalid };
}

function detectKind(head: Buffer): FileKind {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'xls';
  if (head.includes(0x00)) return 'binary';
  return 'text';
}

/** How many bytes at the end form the start of a UTF-8 sequence not yet complete. */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const byte = buf[buf.length - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

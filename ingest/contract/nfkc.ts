/**
 * The NFKC folds of codes and numbers beyond full-width ASCII: the characters of the blocks
 * that Chinese input methods, Word and PDFs put into cells — superscript and subscript digits,
 * circled ①–⑨, Roman Ⅰ Ⅴ Ⅹ, small and vertical forms (U1﹣B1), full-width signs (￥),
 * Kangxi radicals and compatibility ideographs that look like the ideographs of an enum's
 * value (⽀部 for 支部), odd spaces and hyphens — each to the one character NFKC makes of it,
 * as JavaScript's own normalize computes it. Characters NFKC turns into several (⑩ → 10,
 * ㍱ → hPa) are not folded: such a cell is quarantined showing its value.
 * Full-width ASCII (U+FF01–FF5E) and the ideographic space are folded apart, by a cheaper
 * test (ingest/sql/macros.sql: zx_fold), since they are common.
 */
const BLOCKS: [number, number][] = [
  [0x00a0, 0x00ff], // Latin-1: no-break space, ² ³ ¹ ª º
  [0x2000, 0x206f], // general punctuation: en and em spaces, ‑ (non-breaking hyphen), ․
  [0x2070, 0x209f], // superscripts and subscripts
  [0x2150, 0x218f], // number forms: Ⅰ Ⅴ Ⅹ Ⅼ Ⅽ Ⅾ Ⅿ
  [0x2460, 0x24ff], // enclosed alphanumerics: ①–⑨, Ⓐ
  [0x2e80, 0x2eff], // CJK radicals supplement
  [0x2f00, 0x2fdf], // Kangxi radicals
  [0x3200, 0x32ff], // enclosed CJK: ㊀ → 一
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility (vertical) forms
  [0xfe50, 0xfe6f], // small form variants: ﹣ ﹐ ﹒
  [0xff00, 0xffef], // halfwidth and fullwidth forms beyond ASCII: ￥ ｡ ･
];

const isFullWidthAscii = (cp: number) => (cp >= 0xff01 && cp <= 0xff5e) || cp === 0x3000;

export interface NfkcFolds {
  /** The characters folded, and what each becomes (translate's two strings). */
  from: string;
  to: string;
  /** A regular expression (RE2) class matching any of them. */
  pattern: string;
}

function computeFolds(): NfkcFolds {
  let from = '';
  let to = '';
  const ranges: [number, number][] = [];
  for (const [first, last] of BLOCKS) {
    for (let cp = first; cp <= last; cp++) {
      if (isFullWidthAscii(cp)) continue;
      const ch = String.fromCodePoint(cp);
      const folded = ch.normalize('NFKC');
      if (folded === ch || [...folded].length !== 1) continue;
      from += ch;
      to += folded;
      const open = ranges[ranges.length - 1];
      if (open && open[1] === cp - 1) open[1] = cp;
      else ranges.push([cp, cp]);
    }
  }
  const hex = (cp: number) => `\\x{${cp.toString(16)}}`;
  const pattern = `[${ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('')}]`;
  return { from, to, pattern };
}

export const NFKC_FOLDS: NfkcFolds = computeFolds();

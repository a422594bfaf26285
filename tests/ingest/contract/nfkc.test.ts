import { describe, expect, it } from 'vitest';
import { NFKC_FOLDS } from '../../../ingest/contract/nfkc.ts';

describe('NFKC_FOLDS', () => {
  const from = [...NFKC_FOLDS.from];
  const to = [...NFKC_FOLDS.to];
  it('pairs each character with the one character NFKC makes of it', () => {
    expect(from).toHaveLength(to.length);
    from.forEach((ch, i) => expect(ch.normalize('NFKC')).toBe(to[i]));
    expect(NFKC_FOLDS.from).toContain('﹣');
    expect(to[from.indexOf('⽀')]).toBe('支');
    expect(to[from.indexOf('²')]).toBe('2');
  });
  it('leaves full-width ASCII and the ideographic space to the cheaper fold, and never folds to them', () => {
    expect(from.some((ch) => /[！-～　]/.test(ch))).toBe(false);
    expect(to.some((ch) => /[！-～　]/.test(ch))).toBe(false);
    expect(from).not.toContain('⑩'); // NFKC makes two characters of it: not folded
  });
  it('has a pattern that matches exactly its characters', () => {
    const re = new RegExp(NFKC_FOLDS.pattern.replace(/\\x\{([0-9a-f]+)\}/g, '\\u{$1}'), 'u');
    expect(from.every((ch) => re.test(ch))).toBe(true);
    expect(['a', '支', '１', '⑩'].some((ch) => re.test(ch))).toBe(false);
  });
});

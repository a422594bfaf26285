/** The building blocks of the demo: calendar arithmetic, cell spellings, the seeded random streams. */
import { describe, expect, it } from 'vitest';
import { dayOf, parseIsoDay, partsOfStamp, stampOf, ymdOf, yesterdayInShanghai } from '../../demo/calendar.ts';
import { formatDay, formatQuarter, formatStamp, toFullWidth } from '../../demo/cells.ts';
import { Random } from '../../demo/random.ts';
import { spanOf } from '../../demo/scale.ts';

describe('calendar', () => {
  it('agrees with Date on every day from 1900 to 2100', () => {
    const wrong: number[] = [];
    for (let d = dayOf(1900, 1, 1); d <= dayOf(2100, 12, 31); d++) {
      const x = new Date(d * 86_400_000);
      const y = ymdOf(d);
      if (y.year !== x.getUTCFullYear() || y.month !== x.getUTCMonth() + 1 || y.day !== x.getUTCDate()) wrong.push(d);
    }
    expect(wrong).toEqual([]);
  });

  it('splits a wall-clock stamp into its fields', () => {
    expect(partsOfStamp(stampOf(dayOf(2024, 3, 5), 14, 30, 5))).toEqual({ year: 2024, month: 3, day: 5, hour: 14, minute: 30, second: 5 });
  });

  it('parses only real ISO dates', () => {
    expect(parseIsoDay('2024-02-29')).toBe(dayOf(2024, 2, 29));
    expect(parseIsoDay('2023-02-29')).toBeNull();
    expect(parseIsoDay('2024-3-5')).toBeNull();
  });

  it('takes yesterday in Asia/Shanghai, which is already tomorrow at 16:00 UTC', () => {
    expect(yesterdayInShanghai(new Date('2025-11-26T15:59:00Z'))).toBe(dayOf(2025, 11, 25));
    expect(yesterdayInShanghai(new Date('2025-11-26T16:00:00Z'))).toBe(dayOf(2025, 11, 26));
  });

  it('spans whole calendar years and knows which have ended', () => {
    const span = spanOf(dayOf(2025, 11, 26), 2);
    expect(span.start).toBe(dayOf(2024, 1, 1));
    expect(span.completedYears).toEqual([2024]);
    expect(spanOf(dayOf(2025, 12, 31), 2).completedYears).toEqual([2024, 2025]);
  });
});

describe('cell spellings', () => {
  const day = dayOf(2024, 3, 5);
  it('writes the contract date forms', () => {
    expect(['iso', 'slash', 'dot', 'chinese', 'compact'].map((s) => formatDay(day, s as 'iso'))).toEqual(['2024-03-05', '2024/3/5', '2024.3.5', '2024年3月5日', '20240305']);
  });

  it('writes the contract datetime forms', () => {
    const t = stampOf(day, 14, 30, 5);
    expect(formatStamp(t, { date: 'iso', time: 'hm' })).toBe('2024-03-05 14:30');
    expect(formatStamp(t, { date: 'slash', time: 'hms' })).toBe('2024/3/5 14:30:05');
    expect(formatStamp(t, { date: 'chinese', time: 'chinese' })).toBe('2024年3月5日 14时30分');
    expect(formatStamp(t, { date: 'iso', time: 'T' })).toBe('2024-03-05T14:30:05');
  });

  it('writes the four quarter forms', () => {
    expect([0, 1, 2, 3].map((f) => formatQuarter('2022Q3', f))).toEqual(['2022Q3', '2022-Q3', '2022年第三季度', '2022年第3季度']);
  });

  it('writes full-width forms that NFKC folds back', () => {
    expect(toFullWidth('AH001-C01-B02')).toBe('ＡＨ００１－Ｃ０１－Ｂ０２');
    expect(toFullWidth('AH001-C01-B02').normalize('NFKC')).toBe('AH001-C01-B02');
    expect(toFullWidth('支部2024')).toBe('支部２０２４');
  });
});

describe('Random', () => {
  it('repeats for a seed and label, differs across labels, and forks independently of draws', () => {
    const a = new Random(1, 'x');
    const b = new Random(1, 'x');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(new Random(1, 'y').next()).not.toBe(seqA[0]);
    expect(new Random(2, 'x').next()).not.toBe(seqA[0]);
    expect(a.fork('branch').next()).toBe(new Random(1, 'x').fork('branch').next());
  });

  it('draws integers inside the bounds', () => {
    const r = new Random(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(r.int(2, 5));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });
});

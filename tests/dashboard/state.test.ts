import { describe, expect, it } from 'vitest';
import { lastCompleteQuarter, monthsOf, parsePeriod, periodChoices, previousPeriod, trailingPeriods } from '../../dashboard/src/lib/state/periods.ts';
import { hrefWith, readState, stateToParams } from '../../dashboard/src/lib/state/dashboard.ts';

describe('periods', () => {
  it('parses months, quarters and years and refuses anything else', () => {
    expect(parsePeriod('2024-03')).toMatchObject({ kind: 'month', start: '2024-03-01', end: '2024-03-31' });
    expect(parsePeriod('2024q1')).toMatchObject({ kind: 'quarter', code: '2024Q1', start: '2024-01-01', end: '2024-03-31' });
    expect(parsePeriod('2024')).toMatchObject({ kind: 'year', start: '2024-01-01', end: '2024-12-31' });
    expect(parsePeriod('2024-02')?.end).toBe('2024-02-29');
    for (const bad of ['2024Q5', '2024-13', '24Q1', '', null, 'abc']) expect(parsePeriod(bad)).toBeNull();
  });

  it('knows the previous period of the same length', () => {
    expect(previousPeriod(parsePeriod('2024Q1')!).code).toBe('2023Q4');
    expect(previousPeriod(parsePeriod('2024-01')!).code).toBe('2023-12');
    expect(previousPeriod(parsePeriod('2024')!).code).toBe('2023');
  });

  it('defaults to the last quarter complete by as_of', () => {
    expect(lastCompleteQuarter('2024-07-02').code).toBe('2024Q2');
    expect(lastCompleteQuarter('2024-06-30').code).toBe('2024Q2');
    expect(lastCompleteQuarter('2024-06-29').code).toBe('2024Q1');
  });

  it('lists trailing quarters, the months of a period and the picker choices', () => {
    expect(trailingPeriods(parsePeriod('2024Q2')!, 8).map((p) => p.code)).toEqual(['2022Q3', '2022Q4', '2023Q1', '2023Q2', '2023Q3', '2023Q4', '2024Q1', '2024Q2']);
    expect(monthsOf(parsePeriod('2024Q2')!).map((p) => p.code)).toEqual(['2024-04', '2024-05', '2024-06']);
    expect(periodChoices('2023-11-05', '2024-02-10')).toEqual({ month: ['2024-02', '2024-01', '2023-12', '2023-11'], quarter: ['2024Q1', '2023Q4'], year: ['2024', '2023'] });
  });
});

describe('the dashboard state in the URL', () => {
  const defaults = { period: '2024Q2', lang: 'zh' as const };

  it('reads every field, replacing invalid values by defaults and reporting them', () => {
    const { state, problems } = readState(new URLSearchParams('period=2024Q9&level=branch&city=合肥&school_level=硕士&sort=-index&lang=en&university=U001'), defaults);
    expect(state).toEqual({ period: '2024Q2', as_of: null, level: 'branch', city: '合肥', school_level: null, university: 'U001', sort: '-index', lang: 'en' });
    expect(problems).toEqual([{ field: 'period', value: '2024Q9' }, { field: 'school_level', value: '硕士' }]);
  });

  it('writes only what differs from the defaults, and round-trips', () => {
    const { state } = readState(new URLSearchParams('period=2024-03&city=芜湖&sort=name'), defaults);
    const params = stateToParams(state, defaults);
    expect(params.toString()).toBe(new URLSearchParams({ period: '2024-03', city: '芜湖', sort: 'name' }).toString());
    expect(readState(params, defaults).state).toEqual(state);
    expect(hrefWith('/rankings', state, defaults, { period: '2024Q2', city: null, sort: null })).toBe('/rankings');
  });
});

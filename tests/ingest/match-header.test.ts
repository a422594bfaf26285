import { describe, expect, it } from 'vitest';
import { findHeader, matchRowToTable } from '../../ingest/detect/match-header.ts';
import { headerKey } from '../../ingest/detect/normalize-header.ts';
import { tableSpec } from '../../ingest/contract/tables.ts';

describe('headerKey', () => {
  it('folds full-width text, padding, required-marks and notes', () => {
    expect(headerKey(' 活动编号 ')).toBe('活动编号');
    expect(headerKey('*活动编号')).toBe('活动编号');
    expect(headerKey('活动编号（必填）')).toBe('活动编号');
    expect(headerKey('ａｃｔｉｖｉｔｙ＿ｉｄ')).toBe('activityid');
    expect(headerKey('Activity ID')).toBe('activityid');
    expect(headerKey(null)).toBe('');
  });
});

describe('matchRowToTable', () => {
  it('maps the first Chinese header, every alias and the English name', () => {
    const m = matchRowToTable(['会议编号', '党支部代码', 'activity_type', '议题', '活动时间', '备注'], tableSpec('activities'));
    expect([...m.columns.entries()]).toEqual([
      ['activity_id', 0],
      ['branch_code', 1],
      ['activity_type', 2],
      ['title', 3],
      ['started_at', 4],
    ]);
    expect(m.unknown).toEqual(['备注']);
    expect(m.missingRequired).toEqual([]);
  });
  it('names the required columns a header lacks', () => {
    const m = matchRowToTable(['活动编号', '支部代码', '活动类型'], tableSpec('activities'));
    expect(m.missingRequired.map((c) => c.name)).toEqual(['title', 'started_at']);
  });
  it('reads the first of two cells that name one column and reports the second as repeated, not unknown', () => {
    const m = matchRowToTable(['活动编号', '会议编号', '支部代码', '活动主题'], tableSpec('activities'));
    expect(m.columns.get('activity_id')).toBe(0);
    expect(m.unknown).toEqual([]);
    expect(m.repeated).toEqual([{ cell: '会议编号', column: 'activity_id', first: '活动编号' }]);
  });
});

describe('findHeader', () => {
  it('finds the header below title and blank rows and recognises the table by its columns', () => {
    const rows = [
      ['某某大学党支部组织生活记录表', '', ''],
      [''],
      ['导出时间：2024-01-05'],
      ['活动编号', '党员编号', '参会状态', '签到时间'],
      ['A1', 'M1', '出席', '2024-03-05 14:00'],
    ];
    const m = findHeader(rows)!;
    expect(m.table.name).toBe('attendance');
    expect(m.rowIndex).toBe(3);
  });
  it('tells tables that share columns apart by the columns only one has', () => {
    expect(findHeader([['支部代码', '年度', '评定等次']])!.table.name).toBe('evaluations');
    expect(findHeader([['活动编号', '督导编号', '列席人', '派出组织代码', '是否叫停']])!.table.name).toBe('observations');
    expect(findHeader([['高校代码', '高校名称', '所在地市']])!.table.name).toBe('universities');
    expect(findHeader([['案例编号', '高校代码', '案例标题', '报送季度']])!.table.name).toBe('cases');
  });
  it('takes an attendance export that repeats its meeting\'s columns for attendance (one row per member at a meeting)', () => {
    // 5 activities columns (all it requires) against 4 attendance ones (all it requires)
    const header = ['活动编号', '会议主题', '会议类型', '会议时间', '支部代码', '党员编号', '姓名', '参会状态', '签到时间'];
    const m = findHeader([header])!;
    expect(m.table.name).toBe('attendance');
    expect(m.unknown).toEqual(['会议主题', '会议类型', '会议时间', '支部代码', '姓名']);
    // without the member there is no finer grain: an activities export
    expect(findHeader([['活动编号', '会议主题', '会议类型', '会议时间', '支部代码', '参会状态']])!.table.name).toBe('activities');
    // a sign-in list lacking the status is still one row per member at a meeting: attendance,
    // which the caller refuses naming 参会状态 (read as activities, each member's row would
    // overwrite the meeting)
    const signIn = findHeader([['活动编号', '会议主题', '会议类型', '会议时间', '支部代码', '党员编号', '姓名', '签到时间']])!;
    expect(signIn.table.name).toBe('attendance');
    expect(signIn.missingRequired.map((c) => c.name)).toEqual(['attendance_status']);
  });
  it('takes an export that repeats its parents\' columns for the table below them, once its key is there', () => {
    // an evaluation list with its university's columns: 4 universities columns against 3
    const evaluations = ['序号', '所在地市', '高校名称', '高校代码', '办学层次', '支部代码', '支部名称', '年度', '评定等次'];
    expect(findHeader([evaluations])!.table.name).toBe('evaluations');
    // the same without 评定等次: still one row per branch and year, refused for the missing rating
    const unrated = findHeader([evaluations.slice(0, 8)])!;
    expect(unrated.table.name).toBe('evaluations');
    expect(unrated.missingRequired.map((c) => c.name)).toEqual(['rating']);
    // a case list with its university's columns (4 against 4)
    expect(findHeader([['高校代码', '高校名称', '所在地市', '办学层次', '案例编号', '案例标题']])!.table.name).toBe('cases');
    // without the lower table's key, the university list it is
    expect(findHeader([['高校代码', '高校名称', '所在地市', '办学层次', '年度']])!.table.name).toBe('universities');
  });
  it('does not look below the first 15 rows', () => {
    const rows = [...Array.from({ length: 15 }, () => ['说明']), ['活动编号', '党员编号', '参会状态']];
    expect(findHeader(rows)).toBeNull();
  });
  it('finds nothing in an unrelated sheet', () => {
    expect(findHeader([['姓名', '电话'], ['张三', '123']])).toBeNull();
  });
});

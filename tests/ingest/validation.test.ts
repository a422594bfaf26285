/** Each kind of bad value gets its own reason, naming the column; the valid rows of the file load. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import type { IngestReport } from '../../ingest/report.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-valid-'));
let warehouse: Warehouse;
let report: IngestReport;

beforeAll(async () => {
  const dir = path.join(root, 'in');
  fs.mkdirSync(dir);
  const put = (name: string, lines: string[]) => fs.writeFileSync(path.join(dir, name), lines.join('\n') + '\n');
  // The contract's cities: 合肥 or 合肥市, nothing else (not 安徽合肥, not 安徽省芜湖市).
  put('u.csv', ['高校代码,高校名称,所在地市', 'U1,甲,合肥', 'U2,乙,南京', 'U3,丙,安徽合肥', 'U4,丁,安徽省芜湖市', 'U5,戊,芜湖市']);
  put('o.csv', [
    '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别,成立日期,撤销日期,是否联系点',
    'U1P,甲党委,高校党委,,U1,,,,',
    'B1,一支部,党支部,U1P,U1,学生,2020-01-01,,是',
    'B2,二支部,党支部,,U1,学生,,,', // parent required unless 高校党委
    'B3,三支部,党支部,U1P,U1,学生,2024-05-01,2024-04-01,', // dissolved before established
    'B4,四支部,党支部,U1P,U1,学生,0224-05-01,,', // implausible year
    'B5,五支部,党支部,U1P,U1,学生,,,可能', // bad boolean
    // Only the contract's spellings (是/否, Y/N, 1/0, TRUE/FALSE, √/×, 有/无) are booleans.
    'B6,六支部,党支部,U1P,U1,学生,,,对',
    'B7,七支部,党支部,U1P,U1,学生,,,yes',
    'B8,八支部,党支部,U1P,U1,学生,,,✓',
    'B9,九支部,党支部,U1P,U1,学生,,,TRUE',
  ]);
  put('a.csv', [
    '活动编号,支部代码,活动类型,活动主题,开始时间,应到人数,内容类别',
    'A1,B1,党课,好,2024-05-01 09:00,10,理论学习',
    'A2,B1,党课,坏,2024-05-01 09:00,-3,理论学习', // negative count
    'A3,B1,党课,坏,2024-05-01 09:00,10,理论学习、唱歌', // unknown tag
  ]);
  // The contract orders three pairs of dates (撤销 ≥ 成立, 结束 ≥ 开始, 整改时限 ≥ 发现); a member's
  // 转出日期 before the 转入日期 (out, then back in) is no bad value, the row loads.
  // 教工 is a synonym of the branch category 教职工 only; a person's category has none.
  put('m.csv', ['党员编号,姓名,党员类别,所在支部代码,转入日期,转出日期,人员类别', 'M1,张三,正式党员,B1,2024-05-01,2023-01-01,教职工', 'M2,李四,正式党员,B1,,,教工']);
  put('k.csv', ['案例编号,高校代码,案例标题,报送季度', 'K1,U1,好,2024Q2', 'K2,U1,坏,2024Q5']);
  // A 评议年度 as exports write it: 2024, 2023年, ２０２２年度 (full-width), 2020 年度; not in words.
  put('e.csv', ['年度,支部代码,评定等次', '2024,B1,好', '2023年,B1,较好', '２０２２年度,B1,一般', '2020 年度,B1,好', '二〇二一,B1,好']);
  warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
  report = await runIngest(warehouse, [dir], { hashKey: 'k' });
});
afterAll(() => {
  warehouse.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const reasonFor = (value: string | null, column: string) =>
  report.quarantined.find((q) => q.value === value && q.column === column)?.reason;

describe('validation reasons', () => {
  it('refuses a city outside Anhui', () => expect(reasonFor('南京', 'city')).toContain('可选值：合肥'));
  it('requires a parent for every organisation but a university committee', () =>
    expect(reasonFor(null, 'parent_code')).toBe('「组织类型」(org_type)不是「高校党委」时必须填写「上级组织代码」(parent_code)'));
  it('refuses a dissolution before the foundation', () => expect(reasonFor('2024-04-01', 'dissolved_on')).toContain('早于「成立日期」'));
  it('refuses an implausible year', () => expect(reasonFor('0224-05-01', 'established_on')).toContain('年份不合理'));
  it('refuses a boolean it cannot read', () => expect(reasonFor('可能', 'is_contact_point')).toContain('是/否值'));
  it('refuses boolean spellings outside the contract', () => {
    for (const value of ['对', 'yes', '✓'])
      expect(reasonFor(value, 'is_contact_point'), value).toBe(
        '「是否联系点」(is_contact_point)不是有效的是/否值（是/否、Y/N、1/0、TRUE/FALSE、√/×、有/无）',
      );
  });
  it('refuses a city written other than 合肥 or 合肥市', () => {
    for (const value of ['安徽合肥', '安徽省芜湖市']) expect(reasonFor(value, 'city'), value).toContain('不是有效的「所在地市」(city)');
  });
  it('refuses 教工 as a person category (a synonym for branch categories only)', () =>
    expect(reasonFor('教工', 'person_category')).toBe('不是有效的「人员类别」(person_category)，可选值：教职工、学生、离退休、其他'));
  it('refuses a negative count', () => expect(reasonFor('-3', 'expected_count')).toContain('超出范围'));
  it('quarantines a multi-valued cell as read, its reason naming the unknown part', () =>
    expect(reasonFor('理论学习、唱歌', 'content_tags')).toContain('含无效取值「唱歌」'));
  it('refuses a fifth quarter', () => expect(reasonFor('2024Q5', 'quarter')).toContain('季度'));
  it('reads a year written 2024年 or 2024年度, and refuses one in words', async () => {
    expect(reasonFor('二〇二一', 'year')).toBe('「年度」(year)不是有效的年份（如 2024、2024年、2024年度）');
    const c = await warehouse.connect();
    const years = (await c.runAndReadAll('select year, line from evaluations order by line')).getRows();
    c.closeSync();
    expect(years).toEqual([[2024, 2], [2023, 3], [2022, 4], [2020, 5]]);
  });
  it('loads the valid rows beside them', () => {
    expect(report.files.map((f) => [path.basename(f.path), f.rows_loaded, f.rows_quarantined])).toEqual([
      ['a.csv', 1, 2],
      ['e.csv', 4, 1],
      ['k.csv', 1, 1],
      ['m.csv', 1, 1],
      ['o.csv', 3, 7],
      ['u.csv', 2, 3],
    ]);
  });
});

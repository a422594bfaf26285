/**
 * The cell parsers of the contract (ingest/sql/macros.sql), each form it lists.
 * They run in DuckDB, so each case is evaluated there on a fresh in-memory database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { installIngestMacros } from '../../ingest/sql-macros.ts';

let warehouse: Warehouse;
let c: DuckDBConnection;

beforeAll(async () => {
  warehouse = await openWarehouse(':memory:');
  c = await warehouse.connect();
  await installIngestMacros(c);
});
afterAll(() => {
  c.closeSync();
  warehouse.close();
});

/** Evaluate `expression` with $s bound to each input; return the results as text. */
async function each(expression: string, inputs: (string | null)[]): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (const s of inputs) {
    const rows = (await c.runAndReadAll(`select (${expression})::varchar`, { s })).getRows();
    out.push(rows[0][0] === null ? null : String(rows[0][0]));
  }
  return out;
}

describe('dates', () => {
  it('reads every date form of the contract as 2024-03-05', async () => {
    const forms = ['2024-03-05', '2024/3/5', '2024.3.5', '2024年3月5日', '20240305', '45356', '２０２４－０３－０５', ' 2024-3-5 ', '2024年03月05日'];
    expect(await each('zx_date($s)', forms)).toEqual(forms.map(() => '2024-03-05'));
  });
  it('refuses impossible dates and junk (NULL: the validation reports them)', async () => {
    expect(await each('zx_date($s)', ['2024-02-30', '2024-13-01', '明天', 'abc'])).toEqual([null, null, null, null]);
  });
  it('reads a typo such as 0224 as what it says (the validation refuses its year)', async () => {
    expect(await each('year(zx_date($s))', ['0224-03-05'])).toEqual(['224']);
  });
  it('leaves an empty cell empty', async () => {
    expect(await each('zx_date($s)', ['', '   ', null, '　'])).toEqual([null, null, null, null]);
  });
});

describe('datetimes', () => {
  it('reads each date form followed by a time, Chinese time, or T-separated', async () => {
    const forms = ['2024-03-05 14:30', '2024/3/5 14:30:00', '2024.3.5 14:30', '2024年3月5日 14时30分', '2024年3月5日14时30分', '2024-03-05T14:30:00', '20240305 14:30', '２０２４－０３－０５　１４：３０'];
    expect(await each('zx_datetime($s)', forms)).toEqual(forms.map(() => '2024-03-05 14:30:00'));
  });
  it('keeps seconds and reads an Excel serial with a fraction of a day', async () => {
    expect(await each('zx_datetime($s)', ['2024-03-05 14:30:05', '2024年3月5日 14时30分05秒', '45356.6041666667'])).toEqual([
      '2024-03-05 14:30:05',
      '2024-03-05 14:30:05',
      '2024-03-05 14:30:00',
    ]);
  });
  it('converts a time that names its zone (Z, +00:00, -0500) to Asia/Shanghai, and reads +08:00 as it is', async () => {
    const forms = ['2024-03-05T06:30:00Z', '2024-03-05T06:30Z', '2024-03-05T06:30:00+00:00', '2024-03-05 01:30:00-0500', '2024-03-05T14:30:00+08:00', '2024-03-05T14:30:00+0800', '2024-03-05 23:30:00-08'];
    expect(await each('zx_datetime($s)', forms)).toEqual([
      '2024-03-05 14:30:00',
      '2024-03-05 14:30:00',
      '2024-03-05 14:30:00',
      '2024-03-05 14:30:00',
      '2024-03-05 14:30:00',
      '2024-03-05 14:30:00',
      '2024-03-06 15:30:00',
    ]);
  });
  it('reads a date alone as midnight', async () => {
    expect(await each('zx_datetime($s)', ['2024-03-05'])).toEqual(['2024-03-05 00:00:00']);
  });
});

describe('booleans', () => {
  it('maps every spelling of the contract', async () => {
    const yes = ['是', 'Y', 'y', '1', 'TRUE', 'true', '√', '有'];
    const no = ['否', 'N', 'n', '0', 'FALSE', 'false', '×', '无'];
    expect(await each('zx_bool($s)', yes)).toEqual(yes.map(() => 'true'));
    expect(await each('zx_bool($s)', no)).toEqual(no.map(() => 'false'));
  });
  it('treats empty as unknown and anything else as unreadable (NULL)', async () => {
    expect(await each('zx_bool($s)', ['', null, '可能', '2'])).toEqual([null, null, null, null]);
  });
  it('reads no spelling beyond the contract’s', async () => {
    const others = ['yes', 'no', 'YES', '✓', '✔', '✗', '✘', '对', '错'];
    expect(await each('zx_bool($s)', others)).toEqual(others.map(() => null));
  });
});

describe('enums', () => {
  it('maps synonyms to canonical values', async () => {
    const cases: [string, string, string][] = [
      ['activity_type', '党员大会', '支部党员大会'],
      ['activity_type', '支委会', '支部委员会会议'],
      ['activity_type', ' 党课 ', '党课'],
      ['attendance_status', '参加', '出席'],
      ['attendance_status', '已签到', '出席'],
      ['attendance_status', '到会', '出席'],
      ['attendance_status', '未参加', '缺席'],
      ['attendance_status', '未到', '缺席'],
      ['attendance_status', '列席', '列席'],
      ['org_type', '二级党委', '院系党委'],
      ['org_type', '院级党委', '院系党委'],
      ['org_type', '党总支部', '党总支'],
      ['branch_category', '教工', '教职工'],
      ['level', '高职', '专科'],
      ['level', '高职专科', '专科'],
      ['city', '合肥市', '合肥'],
      ['city', '马鞍山市', '马鞍山'],
      ['selection', '推报省委组织部', '已推报'],
      ['selection', '省级优秀案例', '省级优秀'],
      ['mode', '线上线下结合', '线上线下结合'],
    ];
    for (const [domain, input, expected] of cases) {
      const rows = (await c.runAndReadAll('select zx_enum($d, $s)', { d: domain, s: input })).getRows();
      expect([domain, input, rows[0][0]]).toEqual([domain, input, expected]);
    }
  });
  it('gives NULL for a value outside the domain', async () => {
    const rows = (await c.runAndReadAll("select zx_enum('activity_type', '座谈会'), zx_enum('city', '南京')")).getRows();
    expect(rows[0]).toEqual([null, null]);
  });
  it('knows only the synonyms the contract lists', async () => {
    const cases: [string, string][] = [
      ['city', '安徽合肥'],
      ['city', '安徽省合肥市'],
      ['person_category', '教工'],
    ];
    for (const [domain, input] of cases) {
      const rows = (await c.runAndReadAll('select zx_enum($d, $s)', { d: domain, s: input })).getRows();
      expect([domain, input, rows[0][0]]).toEqual([domain, input, null]);
    }
  });
});

describe('multi-valued cells', () => {
  it('splits on every separator and maps each value', async () => {
    const rows = (
      await c.runAndReadAll(
        `select zx_multi_enum(m, $s)::varchar from zx_maps where domain = 'content_tag'`,
        { s: '理论学习；政治教育;党性锤炼、志愿服务,其他，政治体检/业务工作／年度组织生活通报' },
      )
    ).getRows();
    expect(rows[0][0]).toBe('[理论学习, 政治教育, 党性锤炼, 志愿服务, 其他, 政治体检, 业务工作, 年度组织生活通报]');
  });
  it('names the first unknown value', async () => {
    const rows = (
      await c.runAndReadAll(`select zx_multi_enum_bad(m, $s) from zx_maps where domain = 'problem'`, { s: '形式化、 走过场 ;娱乐化' })
    ).getRows();
    expect(rows[0][0]).toBe('走过场');
  });
});

describe('quarters', () => {
  it('reads 2022Q3, 2022-Q3, 2022年第三季度 and 2022年第3季度', async () => {
    const forms = ['2022Q3', '2022-Q3', '2022年第三季度', '2022年第3季度', '2022q3', '２０２２Ｑ３'];
    expect(await each('zx_quarter($s)', forms)).toEqual(forms.map(() => '2022Q3'));
  });
  it('refuses a fifth quarter', async () => {
    expect(await each('zx_quarter($s)', ['2022Q5', '2022年第五季度'])).toEqual([null, null]);
  });
});

describe('codes, numbers and text', () => {
  it('folds full-width letters and digits and trims every kind of space', async () => {
    expect(await each('zx_code($s)', ['ＢＲ００１', '　BR001　', ' BR001\r\n', '\uFEFFBR001'])).toEqual(['BR001', 'BR001', 'BR001', 'BR001']);
  });
  it('reads integers written as 12, 12.0 or １２, and refuses 12.5', async () => {
    expect(await each('zx_int($s)', ['12', '12.0', '１２', '12.5', 'x'])).toEqual(['12', '12', '12', null, null]);
  });
  it('keeps line breaks inside text but not at its ends', async () => {
    expect(await each('zx_text($s)', ['  学习\r\n二十大  '])).toEqual(['学习\n二十大']);
  });
});

describe('personal data', () => {
  it('masks names: 张*华, 李*, 欧**娜, a 4-byte character, and one character as *', async () => {
    expect(await each('zx_mask_name($s)', ['张三华', '李四', '欧阳娜娜', '𠮷明华', ' 王五 '])).toEqual(['张*华', '李*', '欧**娜', '𠮷*华', '王*']);
    // a name of one character shown would be the name in clear
    expect(await each('zx_mask_name($s)', ['钱', ' 𠮷 '])).toEqual(['*', '*']);
    // a character with a variation selector (葛 + U+E0100) is one character: 葛󠄀三 shows only 葛󠄀
    expect(await each('zx_mask_name($s)', ['葛\u{E0100}三', '葛\u{E0100}'])).toEqual(['葛\u{E0100}*', '*']);
  });
  it('hashes an ID number with the key, the same for full-width or lower-case x', async () => {
    const rows = (
      await c.runAndReadAll(
        "select zx_id_hash('34010219900101123x', 'k1'), zx_id_hash('３４０１０２１９９００１０１１２３Ｘ', 'k1'), zx_id_hash('34010219900101123X', 'k2')",
      )
    ).getRows()[0];
    expect(rows[0]).toBe(rows[1]);
    expect(rows[0]).not.toBe(rows[2]);
    expect(String(rows[0])).toMatch(/^[0-9a-f]{64}$/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFile } from '../../ingest/read/scan-file.ts';
import { csvBufferBytes, readHeadText, sniffTextHeader } from '../../ingest/read/text-file.ts';
import { openWarehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import { writeMinimalParents } from './minimal-parents.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-scan-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, data: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};

describe('scanFile', () => {
  it('takes valid UTF-8 as UTF-8 and notes a BOM', async () => {
    const s = await scanFile(write('bom.csv', '\uFEFF活动编号,党员编号\nA1,M1\n'));
    expect([s.kind, s.encoding, s.hasBom, s.records]).toEqual(['text', 'utf-8', true, 2]);
  });
  it('takes anything else as GB18030, including 4-byte characters, and decodes it without loss', async () => {
    const text = '党员编号\t姓名\nM1\t𠮷明华\nM2\t张三\n';
    const p = write('gb.tsv', iconv.encode(text, 'gb18030'));
    const s = await scanFile(p);
    expect(s.encoding).toBe('gb18030');
    expect(readHeadText(s)).toBe(text);
  });
  it('detects GB18030 even when the first non-ASCII byte is far into the file', async () => {
    const text = 'a,b\n' + '1,2\n'.repeat(2_000_000) + '3,张\n';
    const s = await scanFile(write('late.csv', iconv.encode(text, 'gb18030')));
    expect(s.encoding).toBe('gb18030');
    expect(s.records).toBe(2_000_002);
  });
  it('keeps UTF-8 sequences split across read chunks valid', async () => {
    const text = '张'.repeat(3 * 1024 * 1024); // 9 MiB: chunk edges fall inside characters
    const s = await scanFile(write('big-utf8.csv', text));
    expect(s.encoding).toBe('utf-8');
  });
  it('counts blank lines as the rows a spreadsheet shows, not inside quoted cells', async () => {
    const s = await scanFile(write('blank.csv', 'h1,h2\r\n\r\n1,"a\n\nb"\n\n2,x\n'));
    expect(s.blankRecords).toEqual([2, 4]);
    expect(s.records).toBe(5);
    expect(s.hasQuotes).toBe(true);
  });
  it('reads a quote inside an unquoted cell as text, as DuckDB does, so the blank lines after it still count', async () => {
    const s = await scanFile(write('odd-quote.csv', 'h1,h2\n1,学习"两学一做专题\n\n2,x\n\n3,y\n'));
    expect(s.blankRecords).toEqual([3, 5]);
    expect(s.records).toBe(6);
  });
  it('keeps a quoted cell open over "" (an escaped quote) and a line break, and closes it on a lone quote', async () => {
    const s = await scanFile(write('escaped.csv', 'h1,h2\n1,"他说""好\n\n的""啊"\n\n2,x\n'));
    expect(s.blankRecords).toEqual([3]);
    expect(s.records).toBe(4);
  });
  it('counts a blank CRLF line as blank when a read chunk ends between its CR and its LF', async () => {
    // the 4 MiB read chunk ends right after the blank line's CR
    const body = 'a,b\r\n' + 'xx,yyy\r\n' + 'x,y\r\n'.repeat(838_858);
    expect(Buffer.byteLength(body)).toBe(4 * 1024 * 1024 - 1);
    const s = await scanFile(write('cr-edge.csv', `${body}\r\n1,2\r\n`));
    expect(s.blankRecords).toEqual([838_861]);
    expect(s.records).toBe(838_862);
  });
  it('recognises XLSX by its ZIP signature and old XLS and binary files', async () => {
    expect((await scanFile(write('x.bin', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2])))).kind).toBe('xlsx');
    expect((await scanFile(write('y.bin', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1])))).kind).toBe('xls');
    expect((await scanFile(write('z.csv', Buffer.from('a\u0000b', 'utf16le')))).kind).toBe('binary');
  });
  it('measures the longest line in bytes, also across read chunks', async () => {
    const long = 'x'.repeat(5 * 1024 * 1024); // longer than a 4 MiB read chunk
    const s = await scanFile(write('long-line.csv', `a,b\n1,${long}\n2,张\n`));
    expect(s.longestLine).toBe(2 + long.length);
    expect((await scanFile(write('crlf.csv', 'ab,c\r\n1,2\r\n'))).longestLine).toBe(5);
  });
  it('gives identical bytes the same SHA-256', async () => {
    const a = await scanFile(write('a.csv', 'x,y\n'));
    const b = await scanFile(write('b.csv', 'x,y\n'));
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the CSV reader\'s buffer', () => {
  it('is 1 MiB, so that an export of a few MB is read by every core, unless a line needs more', async () => {
    const base = await scanFile(write('buf.csv', 'a,b\n1,2\n'));
    expect(csvBufferBytes(base)).toBe(1024 * 1024);
    expect(csvBufferBytes({ ...base, longestLine: 256 * 1024 })).toBe(1024 * 1024);
    expect(csvBufferBytes({ ...base, longestLine: 256 * 1024 + 1 })).toBe(32 * 1024 * 1024);
    expect(csvBufferBytes({ ...base, longestLine: 12 * 1024 * 1024 })).toBe(64 * 1024 * 1024);
    // read in one piece: DuckDB's default
    expect(csvBufferBytes({ ...base, hasQuotes: true })).toBe(32 * 1024 * 1024);
  });
  it('holds a long leave reason: the row loads whole', async () => {
    const reason = '因'.repeat(400_000); // 1.2 MB in UTF-8: more than a 1 MiB buffer holds
    const folder = path.join(dir, 'long-cell');
    writeMinimalParents(folder, { members: ['M1', 'M2'], activities: ['A1'] });
    fs.writeFileSync(path.join(folder, 'at.csv'), `活动编号,党员编号,参会状态,签到时间,请假事由\nA1,M1,请假,,${reason}\nA1,M2,出席,2024-03-05 14:01,\n`);
    const warehouse = await openWarehouse(path.join(dir, 'long-cell.duckdb'));
    const report = await runIngest(warehouse, [folder], { hashKey: 'k' });
    expect(report.files.find((f) => f.path.endsWith('at.csv'))?.rows_loaded).toBe(2);
    const c = await warehouse.connect();
    const rows = (await c.runAndReadAll('select member_id, length(leave_reason), line from attendance order by member_id')).getRows();
    expect(rows).toEqual([['M1', 400_000n, 2], ['M2', null, 3]]);
    c.closeSync();
    warehouse.close();
  });
});

describe('a UTF-8 export with a few broken bytes (a character cut by a length limit)', () => {
  // 学习 is e5 ad a6 e4 b9 a0: the cut leaves e5 ad a6 e4, a character begun and not ended
  const cut = Buffer.from('学习', 'utf8').subarray(0, 4);
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `A${i + 1},B1,党课,第${i + 1}次党课学习,2024-03-${String(5 + i).padStart(2, '0')} 14:00\n`);
  const file = (n: number) =>
    Buffer.concat([
      Buffer.from('活动编号,支部代码,活动类型,活动主题,开始时间\n', 'utf8'),
      Buffer.from(lines(n).join(''), 'utf8'),
      Buffer.from('A99,B1,党课,', 'utf8'),
      cut,
      Buffer.from(',2024-03-30 14:00\n', 'utf8'),
    ]);

  it('stays UTF-8, counting the broken bytes; GB18030 text is still GB18030', async () => {
    const s = await scanFile(write('cut.csv', file(5)));
    expect([s.encoding, s.invalidUtf8]).toEqual(['utf-8', 1]);
    const gb = await scanFile(write('gb-short.csv', iconv.encode('活动编号,活动主题\nA1,学习\n', 'gb18030')));
    expect([gb.encoding, gb.invalidUtf8]).toEqual(['gb18030', 0]);
  });

  it('loads every other row as written and quarantines the broken one, saying why', async () => {
    const folder = path.join(dir, 'cut');
    writeMinimalParents(folder);
    fs.writeFileSync(path.join(folder, 'a.csv'), file(5));
    const warehouse = await openWarehouse(path.join(dir, 'cut.duckdb'));
    const report = await runIngest(warehouse, [folder], { hashKey: 'k' });
    const entry = report.files.find((f) => f.path.endsWith('a.csv'))!;
    expect([entry.status, entry.rows_loaded, entry.rows_quarantined]).toEqual(['loaded', 5, 1]);
    expect(entry.message).toBe('识别为「组织生活记录」（UTF-8，其中 1 处字节不是有效的 UTF-8，所在行已隔离）');
    expect(report.quarantined.map((q) => [q.line, q.column, q.value, q.reason])).toEqual([
      [7, 'title', '学\uFFFD', '「活动主题」(title)含有无法识别的字节（显示为 �：这一行已损坏，或文件编码有误）：请在导出系统中修正后重新导出'],
    ]);
    const c = await warehouse.connect();
    const titles = (await c.runAndReadAll("select title from activities where activity_id = 'A5'")).getRows();
    c.closeSync();
    warehouse.close();
    expect(titles).toEqual([['第5次党课学习']]);
  });
});

describe('sniffTextHeader', () => {
  it('chooses the delimiter under which the header is recognised', () => {
    expect(sniffTextHeader('活动编号;党员编号;参会状态\nA1;M1;出席\n')!.delimiter).toBe(';');
    expect(sniffTextHeader('活动编号\t党员编号\t参会状态\nA1\tM1\t出席\n')!.delimiter).toBe('\t');
    expect(sniffTextHeader('活动编号,党员编号,参会状态\nA1,M1,出席\n')!.delimiter).toBe(',');
  });
});

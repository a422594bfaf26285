import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFile } from '../../ingest/read/scan-file.ts';
import { readHeadText, sniffTextHeader } from '../../ingest/read/text-file.ts';

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
  it('recognises XLSX by its ZIP signature and old XLS and binary files', async () => {
    expect((await scanFile(write('x.bin', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2])))).kind).toBe('xlsx');
    expect((await scanFile(write('y.bin', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1])))).kind).toBe('xls');
    expect((await scanFile(write('z.csv', Buffer.from('a\u0000b', 'utf16le')))).kind).toBe('binary');
  });
  it('gives identical bytes the same SHA-256', async () => {
    const a = await scanFile(write('a.csv', 'x,y\n'));
    const b = await scanFile(write('b.csv', 'x,y\n'));
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('sniffTextHeader', () => {
  it('chooses the delimiter under which the header is recognised', () => {
    expect(sniffTextHeader('活动编号;党员编号;参会状态\nA1;M1;出席\n')!.delimiter).toBe(';');
    expect(sniffTextHeader('活动编号\t党员编号\t参会状态\nA1\tM1\t出席\n')!.delimiter).toBe('\t');
    expect(sniffTextHeader('活动编号,党员编号,参会状态\nA1,M1,出席\n')!.delimiter).toBe(',');
  });
});

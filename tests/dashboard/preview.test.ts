/**
 * The upload preview (browser code, pure): a file's kind from its first bytes, UTF-8 or GB18030,
 * and the table, mapped, unknown and missing columns found by the ingest's own header matcher.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHead, isValidUtf8, previewFile, previewText, sniffKind } from '../../dashboard/src/lib/features/data/preview.ts';
import { fileFractions } from '../../dashboard/src/lib/features/data/upload.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('the upload preview', () => {
  it('tells xlsx, old xls, binary and text apart by their first bytes', () => {
    expect(sniffKind(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toBe('xlsx');
    expect(sniffKind(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('xls');
    expect(sniffKind(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toBe('binary');
    expect(sniffKind(bytes('高校代码,高校名称\n'))).toBe('text');
  });

  it('decodes UTF-8 (BOM removed) and falls back to GB18030 when the bytes are not UTF-8', () => {
    expect(decodeHead(bytes('\uFEFF高校代码,高校名称\r\n'), true)).toEqual({ text: '高校代码,高校名称\r\n', encoding: 'utf-8' });
    const gb = new Uint8Array(iconv.encode('党员编号\t姓名\r\nM01\t𠮷明华\r\n', 'gb18030'));
    expect(isValidUtf8(gb)).toBe(false);
    expect(decodeHead(gb, true)).toEqual({ text: '党员编号\t姓名\r\nM01\t𠮷明华\r\n', encoding: 'gb18030' });
    // A head cut inside a character is cut back to the last whole line.
    const cut = bytes('高校代码,高校名称\n合肥');
    expect(decodeHead(cut.subarray(0, cut.length - 1), false)).toEqual({ text: '高校代码,高校名称\n', encoding: 'utf-8' });
  });

  it('names the table, the mapped columns, the unknown ones and the missing required ones', () => {
    const { sheet, delimiter } = previewText('示例导出\n\n活动编号\t支部代码\t活动类型\t开始时间\t心得体会\n');
    expect(delimiter).toBe('\t');
    expect(sheet.table).toEqual({ name: 'activities', label: '组织生活记录' });
    expect(sheet.headerRow).toBe(3);
    expect(sheet.mapped).toEqual([
      { header: '活动编号', column: 'activity_id' },
      { header: '支部代码', column: 'branch_code' },
      { header: '活动类型', column: 'activity_type' },
      { header: '开始时间', column: 'started_at' },
    ]);
    expect(sheet.unknown).toEqual(['心得体会']);
    expect(sheet.missing).toEqual(['活动主题 (title)']);
    expect(sheet.verdict).toBe('missing');
    expect(previewText('房间,日期\n301,2024-05-01\n').sheet.verdict).toBe('unrecognised');
  });

  it('previews a File as the browser hands it over', async () => {
    const file = new File([new Uint8Array(iconv.encode('年度,支部代码,评议等次\r\n2023,B1,好\r\n', 'gb18030'))], '述职评议.csv');
    const preview = await previewFile(file);
    expect(preview).toMatchObject({ name: '述职评议.csv', kind: 'text', encoding: 'gb18030', delimiter: ',' });
    expect(preview.sheets[0]).toMatchObject({ verdict: 'ok', table: { name: 'evaluations' } });
    const xls = await previewFile(new File([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])], 'old.xls'));
    expect(xls).toMatchObject({ kind: 'xls', sheets: [] });
  });

  it('spreads upload progress over the files in the order they are sent', () => {
    expect(fileFractions([100, 300], 0, 400)).toEqual([0, 0]);
    expect(fileFractions([100, 300], 250, 400)).toEqual([1, 0.5]);
    expect(fileFractions([100, 300], 440, 440)).toEqual([1, 1]);
  });
});

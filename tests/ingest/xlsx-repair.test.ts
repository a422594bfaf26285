/**
 * Workbooks as some writers make them and the XLSX reader does not take as they are (built
 * here part by part): error cells (#N/A), cells without a reference, the 1904 date system,
 * ISO date cells.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import type { IngestReport } from '../../ingest/report.ts';
import { withCellReferences, withErrorsAsText, withIsoDatesAsUtc, withZeroPaddedText, zeroPaddedStyles } from '../../ingest/read/xlsx-repair.ts';
import ExcelJS from 'exceljs';
import { writeMinimalParents } from './minimal-parents.ts';
import { rows } from './warehouse-rows.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-xlsx-repair-'));

/** A workbook of one sheet named 活动, from the sheet's <sheetData> content. */
function workbook(file: string, sheetData: string, options: { date1904?: boolean } = {}): void {
  const xml = (s: string) => strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`);
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  fs.writeFileSync(
    file,
    zipSync({
      '[Content_Types].xml': xml(
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
      '_rels/.rels': xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
      'xl/workbook.xml': xml(
        `<workbook xmlns="${main}" xmlns:r="${rel}">${options.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets><sheet name="活动" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
      'xl/_rels/workbook.xml.rels': xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
      'xl/worksheets/sheet1.xml': xml(`<worksheet xmlns="${main}"><sheetData>${sheetData}</sheetData></worksheet>`),
    }),
  );
}

const text = (ref: string | null, value: string) => `<c${ref ? ` r="${ref}"` : ''} t="inlineStr"><is><t>${value}</t></is></c>`;
const number = (ref: string | null, value: string) => `<c${ref ? ` r="${ref}"` : ''}><v>${value}</v></c>`;
const HEADER = ['活动编号', '支部代码', '活动类型', '活动主题', '开始时间', '实到人数', '是否有会议记录'];
const header = (withReferences: boolean) => `<row r="1">${HEADER.map((h, i) => text(withReferences ? `${'ABCDEFG'[i]}1` : null, h)).join('')}</row>`;

describe('repairs of the sheet XML', () => {
  it('turns an error cell into an inline string of its text, and leaves an error cell without text empty', () => {
    expect(withErrorsAsText('<c r="F2" s="3" t="e"><f>NA()</f><v>#N/A</v></c><c r="G2" t="e"/>')).toBe(
      '<c r="F2" s="3" t="inlineStr"><is><t>#N/A</t></is></c><c r="G2" t="e"/>',
    );
    expect(withErrorsAsText('<x:c r="B3" t="e"><x:v>#VALUE!</x:v></x:c>')).toBe('<x:c r="B3" t="inlineStr"><x:is><x:t>#VALUE!</x:t></x:is></x:c>');
  });

  it('marks the zone-less date-time of an ISO date cell UTC, and leaves a date or a zoned value as it is', () => {
    expect(withIsoDatesAsUtc('<c r="E2" s="1" t="d"><v>2024-03-05T14:30:00</v></c><c r="F2" t="d"><v>2024-03-05</v></c>')).toBe(
      '<c r="E2" s="1" t="d"><v>2024-03-05T14:30:00Z</v></c><c r="F2" t="d"><v>2024-03-05</v></c>',
    );
    expect(withIsoDatesAsUtc('<x:c r="E3" t="d"><x:v>2024-03-05T14:30</x:v></x:c><c r="E4" t="d"><v>2024-03-05T14:30:00.5Z</v></c>')).toBe(
      '<x:c r="E3" t="d"><x:v>2024-03-05T14:30Z</x:v></x:c><c r="E4" t="d"><v>2024-03-05T14:30:00.5Z</v></c>',
    );
  });

  it('gives each cell without a reference the one its place gives it, after the cell before it', () => {
    expect(withCellReferences('<row><c><v>1</v></c><c t="s"><v>0</v></c></row><row r="5"><c r="C5"><v>2</v></c><c/></row><row/>')).toBe(
      '<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row><row r="5"><c r="C5"><v>2</v></c><c r="D5"/></row><row r="6"/>',
    );
    expect(withCellReferences(`<row r="27">${'<c/>'.repeat(28)}</row>`)).toContain('<c r="AB27"/>');
  });
});

describe('numbers shown with leading zeros', () => {
  it('knows the styles whose format pads with zeros, and shows their whole numbers as the cell does', () => {
    const styles =
      '<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="000000"/><numFmt numFmtId="165" formatCode="0.00"/></numFmts>' +
      '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/></cellXfs></styleSheet>';
    const padded = zeroPaddedStyles(styles);
    expect([...padded]).toEqual([[1, 6]]);
    expect(withZeroPaddedText('<c r="A2" s="1"><v>123</v></c><c r="B2" s="2"><v>123</v></c><c r="C2" s="1" t="s"><v>4</v></c><c r="D2" s="1"><v>1234567</v></c>', padded)).toBe(
      '<c r="A2" s="1" t="inlineStr"><is><t>000123</t></is></c><c r="B2" s="2"><v>123</v></c><c r="C2" s="1" t="s"><v>4</v></c><c r="D2" s="1"><v>1234567</v></c>',
    );
    expect(zeroPaddedStyles('<styleSheet><cellXfs><xf numFmtId="1"/></cellXfs></styleSheet>').size).toBe(0);
  });

  it('loads a member whose number is typed as a number with the format 000000 under the number it shows', async () => {
    const dir = path.join(root, 'padded');
    writeMinimalParents(dir, { activities: ['A1'] });
    const wb = new ExcelJS.Workbook();
    const members = wb.addWorksheet('党员');
    members.addRows([['党员编号', '姓名', '党员类别', '所在支部代码'], [123, '张三华', '正式党员', 'B1'], [4567, '李四', '正式党员', 'B1']]);
    members.getColumn(1).numFmt = '000000';
    wb.addWorksheet('参会').addRows([['活动编号', '党员编号', '参会状态'], ['A1', '000123', '出席'], ['A1', '004567', '请假']]);
    await wb.xlsx.writeFile(path.join(dir, '花名册.xlsx'));
    const own = await openWarehouse(path.join(root, 'padded.duckdb'));
    try {
      const padded = await runIngest(own, [dir], { hashKey: 'k' });
      expect(padded.quarantined).toEqual([]);
      expect(await rows(own, 'select member_id, attendance_status from attendance order by 1')).toEqual([
        { member_id: '000123', attendance_status: '出席' },
        { member_id: '004567', attendance_status: '请假' },
      ]);
    } finally {
      own.close();
    }
  });
});

describe('an ingest of such workbooks', () => {
  let warehouse: Warehouse;
  let report: IngestReport;
  beforeAll(async () => {
    const dir = path.join(root, 'in');
    writeMinimalParents(dir);
    const row = (n: number, cells: string[]) => `<row r="${n}">${cells.join('')}</row>`;
    // #N/A in an optional count, #VALUE! in the start time, #DIV/0! in a yes/no: each a bad value.
    workbook(
      path.join(dir, 'errors.xlsx'),
      header(true) +
        row(2, [text('A2', 'A1'), text('B2', 'B1'), text('C2', '党课'), text('D2', '一'), text('E2', '2024-03-05 14:00'), '<c r="F2" t="e"><f>VLOOKUP(A2,X!A:B,2,0)</f><v>#N/A</v></c>']) +
        row(3, [text('A3', 'A2'), text('B3', 'B1'), text('C3', '党课'), text('D3', '二'), '<c r="E3" t="e"><v>#VALUE!</v></c>']) +
        row(4, [text('A4', 'A3'), text('B4', 'B1'), text('C4', '党课'), text('D4', '三'), text('E4', '2024-03-07 14:00'), number('F4', '12'), '<c r="G4" t="e"><v>#DIV/0!</v></c>']) +
        row(5, [text('A5', 'A4'), text('B5', 'B1'), text('C5', '党课'), text('D5', '四'), text('E5', '2024-03-08 14:00'), number('F5', '9')]),
    );
    // No cell carries its reference; row 3 has an empty cell between two values.
    workbook(
      path.join(dir, 'no-references.xlsx'),
      header(false) +
        `<row>${[text(null, 'B5'), text(null, 'B1'), text(null, '主题党日'), text(null, '五'), text(null, '2024-04-01 09:00'), number(null, '8')].join('')}</row>` +
        `<row>${[text(null, 'B6'), text(null, 'B1'), text(null, '主题党日'), text(null, '六'), text(null, '2024-04-02 09:00'), '<c/>', text(null, '是')].join('')}</row>`,
    );
    // 1904 dates: 2024-03-05 16:00 is the 1904 serial 43894.666666666664 (the 1900 one less 1,462 days).
    workbook(
      path.join(dir, 'mac-1904.xlsx'),
      header(true) + row(2, [text('A2', 'C1'), text('B2', 'B1'), text('C2', '党课'), text('D2', '七'), number('E2', '43894.666666666664'), number('F2', '43894')]),
      { date1904: true },
    );
    // ISO date cells (t="d"), read on a machine set to China's time zone: 14:30 stays 14:30.
    workbook(
      path.join(dir, 'iso-dates.xlsx'),
      header(true) + row(2, [text('A2', 'D1'), text('B2', 'B1'), text('C2', '党课'), text('D2', '八'), '<c r="E2" t="d"><v>2024-03-05T14:30:00</v></c>']),
    );
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
      report = await runIngest(warehouse, [dir], { hashKey: 'k' });
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
  afterAll(() => {
    warehouse.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('quarantines each error cell as a bad value showing its text', () => {
    expect(report.quarantined.map((q) => [path.basename(q.path), q.line, q.column, q.value])).toEqual([
      ['errors.xlsx', 2, 'attended_count', '#N/A'],
      ['errors.xlsx', 3, 'started_at', '#VALUE!'],
      ['errors.xlsx', 4, 'has_minutes', '#DIV/0!'],
    ]);
  });

  it('loads the other rows of every workbook, each cell in its column; a 1904 serial in a date column as its date', async () => {
    expect(report.files.filter((f) => f.path.endsWith('.xlsx')).map((f) => [path.basename(f.path), f.status, f.rows_loaded])).toEqual([
      ['errors.xlsx', 'loaded', 1],
      ['iso-dates.xlsx', 'loaded', 1],
      ['mac-1904.xlsx', 'loaded', 1],
      ['no-references.xlsx', 'loaded', 2],
    ]);
    expect(
      await rows(warehouse, 'select activity_id, title, started_at::varchar as s, attended_count, has_minutes, line from activities order by activity_id'),
    ).toEqual([
      { activity_id: 'A4', title: '四', s: '2024-03-08 14:00:00', attended_count: 9, has_minutes: null, line: 5 },
      { activity_id: 'B5', title: '五', s: '2024-04-01 09:00:00', attended_count: 8, has_minutes: null, line: 2 },
      { activity_id: 'B6', title: '六', s: '2024-04-02 09:00:00', attended_count: null, has_minutes: true, line: 3 },
      // the count column is no date: its number is read as written
      { activity_id: 'C1', title: '七', s: '2024-03-05 16:00:00', attended_count: 43894, has_minutes: null, line: 2 },
      { activity_id: 'D1', title: '八', s: '2024-03-05 14:30:00', attended_count: null, has_minutes: null, line: 2 },
    ]);
  });
});

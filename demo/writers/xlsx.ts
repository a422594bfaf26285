/**
 * XLSX output with exceljs's streaming WorkbookWriter: title rows (merged across the
 * table), a header, typed cells (real date cells, numbers) and extra sheets that match
 * no table (说明). The workbook is made byte-for-byte reproducible: fixed document
 * dates, and fixed ZIP entry times (the ZIP library stamps each entry with the current
 * time and exceljs offers no way to pass one, so the finished archive is patched).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';

export type XlsxCell = string | number | Date | null;

export interface XlsxSheet {
  name: string;
  /** Lines above the header, each in its first cell, merged across the header's width. */
  titleRows: string[];
  header: string[];
  rows: XlsxCell[][];
  /** Number format per column for date cells (`yyyy-mm-dd`, `yyyy-mm-dd hh:mm`), else null. */
  dateFormats: (string | null)[];
}

export async function writeWorkbook(filePath: string, sheets: XlsxSheet[], documentDate: Date): Promise<void> {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: filePath,
    useStyles: true,
    useSharedStrings: true,
  });
  workbook.creator = 'zhixiao demo';
  workbook.lastModifiedBy = 'zhixiao demo';
  workbook.created = documentDate;
  workbook.modified = documentDate;
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    const width = Math.max(1, sheet.header.length);
    ws.columns = Array.from({ length: width }, (_, i) => ({ width: sheet.dateFormats[i] ? 18 : 14 }));
    let r = 0;
    for (const title of sheet.titleRows) {
      r++;
      const row = ws.addRow([title]);
      if (title !== '' && width > 1) ws.mergeCells(r, 1, r, width);
      row.commit();
    }
    if (sheet.header.length > 0) {
      const headerRow = ws.addRow(sheet.header);
      headerRow.font = { bold: true };
      headerRow.commit();
    }
    for (const values of sheet.rows) {
      const row = ws.addRow(values);
      values.forEach((v, i) => {
        const format = sheet.dateFormats[i];
        if (v instanceof Date && format) row.getCell(i + 1).numFmt = format;
      });
      row.commit();
    }
    ws.commit();
  }
  await workbook.commit();
  fixZipTimes(filePath, documentDate);
}

/** Sets every entry's DOS date and time (local file headers and central directory) to `date`. */
function fixZipTimes(filePath: string, date: Date): void {
  const buf = fs.readFileSync(filePath);
  const dosTime = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const dosDate = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${filePath}: no ZIP end-of-central-directory record`);
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${filePath}: bad ZIP central directory entry at ${p}`);
    buf.writeUInt16LE(dosTime, p + 12);
    buf.writeUInt16LE(dosDate, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`${filePath}: bad ZIP local header at ${local}`);
    buf.writeUInt16LE(dosTime, local + 10);
    buf.writeUInt16LE(dosDate, local + 12);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  fs.writeFileSync(filePath, buf);
}

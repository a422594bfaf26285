/**
 * A workbook read and landed in one go: every sheet's first rows as text (for the header
 * search) and, for each sheet whose header matches a table, its rows written to a Parquet
 * file (xlsx-file.ts, landSheet). What comes back is small and plain (no parsed rows), so
 * it can cross from a worker thread (workbook-pool.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { findHeader } from '../detect/match-header.ts';
import { landSheet, readWorkbook, sheetHead } from './xlsx-file.ts';

export interface LandedWorkbookSheet {
  name: string;
  /** The sheet's first rows as the header search reads them (cellText of each cell). */
  head: (string | null)[][];
  /** The Parquet file of the rows below the header, when a header matched. */
  file: string | null;
}

/** A landed workbook, or why it could not be read. */
export type LandedWorkbook = { sheets: LandedWorkbookSheet[] } | { error: string };

/** Read the workbook at `path`; each matching sheet i goes to `${outPrefix}-${i}.parquet`. */
export async function landWorkbook(connection: DuckDBConnection, path: string, outPrefix: string): Promise<LandedWorkbook> {
  let sheets;
  try {
    sheets = await readWorkbook(path);
  } catch (error) {
    return { error: (error as Error).message };
  }
  const landed: LandedWorkbookSheet[] = [];
  for (const [i, sheet] of sheets.entries()) {
    // The run searches the same head again (run.ts, recognise): a match there is a sheet landed here.
    const head = sheetHead(sheet);
    const match = findHeader(head);
    let file: string | null = null;
    if (match) {
      file = `${outPrefix}-${i}.parquet`;
      await landSheet(connection, sheet, match, file);
    }
    landed.push({ name: sheet.name, head, file });
    sheet.rows = []; // the parsed rows can go as soon as they are landed
  }
  return { sheets: landed };
}

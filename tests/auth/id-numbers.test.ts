/** ID numbers are never stored: not in any table, not anywhere in the database file's bytes. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/database.ts';
import { ID_NUMBERS, query, twoUniversityWarehouse } from './helpers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-auth-id-'));
let warehouse: Warehouse;

beforeAll(async () => {
  warehouse = await twoUniversityWarehouse(dir);
  const c = await warehouse.connect();
  try {
    await c.run('CHECKPOINT');
  } finally {
    c.closeSync();
  }
});
afterAll(() => {
  warehouse.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ID numbers', () => {
  it('are loaded as keyed hashes only', async () => {
    const rows = await query<{ id_hash: string; name: string }>(warehouse, 'select id_hash, name from members order by member_id');
    expect(rows.map((r) => r.name)).toEqual(['张*华', '李*明', '王*丽', '赵*强']);
    for (const r of rows) expect(r.id_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('appear nowhere in the database file, in any encoding DuckDB could use', () => {
    for (const f of [path.join(dir, 'w.duckdb'), path.join(dir, 'w.duckdb.wal')]) {
      if (!fs.existsSync(f)) continue;
      const bytes = fs.readFileSync(f);
      // the scan can see stored text: the masked names are there in clear
      if (f.endsWith('.duckdb')) expect(bytes.includes(Buffer.from('张*华', 'utf8'))).toBe(true);
      for (const id of ID_NUMBERS) {
        for (const needle of [id, id.slice(0, 17), id.slice(6, 14) + id.slice(14, 17)]) {
          expect(bytes.includes(Buffer.from(needle, 'utf8')), `${needle} found in ${path.basename(f)}`).toBe(false);
          expect(bytes.includes(Buffer.from(needle, 'utf16le')), `${needle} (UTF-16) found in ${path.basename(f)}`).toBe(false);
        }
      }
      // and the clear names neither
      for (const name of ['张三华', '李四明', '王五丽', '赵六强']) expect(bytes.includes(Buffer.from(name, 'utf8')), name).toBe(false);
    }
  });
});

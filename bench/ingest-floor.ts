/**
 * How fast could a load be that keeps the run in one transaction? Side by side in one run,
 * on one attendance export: bare `CREATE TABLE AS SELECT * FROM read_csv(file)`, and the
 * run's own typing statement (the one the ingest sends for this file) made to end in
 * different places, timed inside the run's transaction on the run's connection:
 *
 *   count      — typed and counted, nothing written
 *   parquet    — typed into the batch's Parquet file (today's design, the statement as sent)
 *   warehouse  — typed straight into the warehouse table (a single pass: no Parquet copy)
 *   + checks   — the same, then the two checks that need other rows (repeated keys, parents)
 *   plain casts — not the contract's typing: the file's cells as they are, the sign-in time by a
 *                 plain ::timestamp cast, straight into the warehouse table (what the write costs)
 *   plain casts + row_number — the same with each row's position from row_number() over ()
 *                 (the only line number read_csv can give in the same statement)
 *
 * The run is then aborted (its transaction rolls back). A design that types once and writes
 * once cannot beat the `warehouse` line; BENCHMARKS.md reads the ratio from it.
 *
 *   npx tsx bench/ingest-floor.ts [--rows 5000000] [--repeat 3]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBConnection } from '@duckdb/node-api';
import { openWarehouse } from '../warehouse/database.ts';
import { runIngest } from '../ingest/run.ts';
import { timeBareReadCsv } from './bare-read-csv.ts';
import { MEMBERS, writeAttendance, writeParents } from './attendance-export.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '5000000' }, repeat: { type: 'string', default: '3' } },
});
const ROWS = Number(values.rows);
const REPEAT = Number(values.repeat);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-floor-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Variant = 'count' | 'parquet' | 'warehouse' | 'warehouse + checks' | 'plain casts' | 'plain casts + row_number';
const VARIANTS: Variant[] = ['count', 'parquet', 'warehouse', 'warehouse + checks', 'plain casts', 'plain casts + row_number'];

/** Thrown once the variant is timed: the run stops there and rolls back. */
class Measured extends Error {}

const TYPED_COLUMNS =
  'v_activity_id, v_member_id, v_attendance_status, v_signed_in_at, v_leave_reason, v_as_ordinary_member';

/**
 * Times `variant` in place of the typing statement of `file` (recognised by its form: a
 * COPY of the typing query, whose parameters name the file). The other statements of the
 * run go through untouched.
 */
function intercept(variant: Variant, file: string, timings: number[]): () => void {
  const proto = DuckDBConnection.prototype;
  const original = proto.run;
  proto.run = async function (this: DuckDBConnection, sql: string, params?: Record<string, unknown>) {
    const isTyping = /^copy \(\s+with marked/.test(sql.trim()) && params && Object.values(params).includes(file);
    if (!isTyping) return original.call(this, sql, params as never);
    const target = Object.keys(params).at(-1)!; // the Parquet file's parameter comes last
    const query = sql.trim().replace(/^copy \(/, '').replace(/\) to \$\w+ \(format parquet\)$/, '');
    const bound = Object.fromEntries(Object.entries(params).filter(([k]) => k !== target));
    const started = performance.now();
    if (variant === 'count') await original.call(this, `select count(*), count(problem) from (${query})`, bound as never);
    else if (variant === 'parquet') await original.call(this, sql, params as never);
    else if (variant.startsWith('plain casts')) {
      const line = variant === 'plain casts' ? '0' : 'row_number() over ()';
      await original.call(
        this,
        `insert into attendance select c0, c1, c2, try_cast(c3 as timestamp), c4, null, 'bench', 0, ${line}
         from read_csv($file, header = true, all_varchar = true, auto_detect = false, delim = ',',
           columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR', 'c3': 'VARCHAR', 'c4': 'VARCHAR'})`,
        { file },
      );
    } else {
      await original.call(this, `insert into attendance select ${TYPED_COLUMNS}, 'bench', file_id, 0 from (${query}) where problem is null`, bound as never);
      if (variant === 'warehouse + checks') {
        await original.call(this, `select count(*) from (select hash(activity_id, member_id) as h from attendance where run_id = 'bench' group by h having count(*) > 1)`);
        await original.call(this, `select count(*) from attendance a anti join activities p using (activity_id) where a.run_id = 'bench'`);
        await original.call(this, `select count(*) from attendance a anti join members m using (member_id) where a.run_id = 'bench'`);
      }
    }
    timings.push(performance.now() - started);
    throw new Measured();
  } as typeof proto.run;
  return () => {
    proto.run = original;
  };
}

async function timeVariant(variant: Variant, file: string, parents: string): Promise<number> {
  const dbPath = path.join(work, `z-${Math.random().toString(36).slice(2)}.duckdb`);
  const warehouse = await openWarehouse(dbPath);
  await runIngest(warehouse, [parents], { hashKey: 'bench' });
  const only = path.join(work, `only-${Math.random().toString(36).slice(2)}`);
  fs.mkdirSync(only);
  const copy = path.join(only, path.basename(file));
  fs.linkSync(file, copy);
  const timings: number[] = [];
  const restore = intercept(variant, copy, timings);
  try {
    await runIngest(warehouse, [only], { hashKey: 'bench' });
  } catch (e) {
    if (!(e instanceof Measured)) throw e;
  } finally {
    restore();
  }
  warehouse.close();
  fs.rmSync(only, { recursive: true, force: true });
  for (const f of [dbPath, `${dbPath}.wal`]) fs.rmSync(f, { force: true });
  if (timings.length !== 1) throw new Error(`the typing statement of ${copy} was not seen`);
  return timings[0]!;
}

async function main() {
  const parents = path.join(work, 'parents');
  writeParents(parents, Math.ceil(ROWS / MEMBERS));
  const file = path.join(work, 'attendance.csv');
  process.stderr.write(`writing ${ROWS} rows under ${work}\n`);
  await writeAttendance(file, ROWS, 'utf-8');
  const times = new Map<string, number[]>([['bare read_csv', []], ...VARIANTS.map((v): [string, number[]] => [v, []])]);
  for (let i = 0; i < REPEAT; i++) {
    times.get('bare read_csv')!.push(await timeBareReadCsv(file, work));
    for (const v of VARIANTS) times.get(v)!.push(await timeVariant(v, file, parents));
    process.stderr.write(`round ${i + 1}: ${[...times].map(([k, t]) => `${k} ${Math.round(t[i]!)}`).join(', ')}\n`);
  }
  const bare = median(times.get('bare read_csv')!);
  console.log(`Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, Node ${process.version}, ${ROWS.toLocaleString()} rows, medians of ${REPEAT}\n`);
  console.log('| the typed rows end | ms | bare ms / ms |\n| --- | ---: | ---: |');
  for (const [k, t] of times) console.log(`| ${k} | ${Math.round(median(t)).toLocaleString()} | ${(bare / median(t)).toFixed(2)} |`);
  fs.rmSync(work, { recursive: true, force: true });
}

await main();

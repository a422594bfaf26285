/**
 * A worker thread that reads workbooks (workbook-pool.ts): parsing XLSX is JavaScript on
 * one core, so the run's workbooks are read by threads of their own, beside the scan of the
 * text files and each other. Each thread lands the sheets into Parquet with a DuckDB of its
 * own in memory (the warehouse file is the run's alone) and answers with the file names.
 */
import { parentPort } from 'node:worker_threads';
import { DuckDBInstance } from '@duckdb/node-api';
import { landWorkbook } from './workbook-landing.ts';

export interface WorkbookJob {
  id: number;
  path: string;
  outPrefix: string;
}

// One thread each: the pool's threads are the parallelism. Landing holds a sheet's rows at most.
const instance = await DuckDBInstance.create(':memory:', {
  threads: '1',
  memory_limit: '512MB',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
});
const connection = await instance.connect();

// Jobs one at a time, in the order posted.
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (job: WorkbookJob) => {
  queue = queue.then(async () => {
    try {
      parentPort!.postMessage({ id: job.id, result: await landWorkbook(connection, job.path, job.outPrefix) });
    } catch (error) {
      parentPort!.postMessage({ id: job.id, result: { error: (error as Error).message } });
    }
  });
});

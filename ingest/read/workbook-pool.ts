/**
 * Worker threads that read and land workbooks (workbook-thread.ts) while the run goes on:
 * a province's activity workbooks took 20 s of one core to parse and land one after the
 * other; two threads take about half, beside the scan of the text files.
 */
import { Worker } from 'node:worker_threads';
import type { LandedWorkbook } from './workbook-landing.ts';

export class WorkbookPool {
  private readonly threads: { worker: Worker; busy: number }[] = [];
  private readonly pending = new Map<number, { resolve: (r: LandedWorkbook) => void; reject: (e: Error) => void; thread: number }>();
  private nextId = 0;
  private failure: Error | null = null;
  private closed = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./workbook-thread.js', import.meta.url));
      worker.on('message', (message: { id?: number; result?: LandedWorkbook }) => {
        if (message.id === undefined) return;
        const job = this.pending.get(message.id);
        if (!job) return;
        this.pending.delete(message.id);
        this.threads[job.thread].busy--;
        job.resolve(message.result!);
      });
      const fail = (error: Error) => {
        if (this.closed) return;
        this.failure ??= error;
        for (const [id, job] of this.pending) {
          if (job.thread !== i) continue;
          this.pending.delete(id);
          job.reject(error);
        }
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (code !== 0) fail(new Error(`workbook thread exited with code ${code}`));
      });
      this.threads.push({ worker, busy: 0 });
    }
  }

  /**
   * Read the workbook at `path` and land its matching sheets as `${outPrefix}-${sheet}.parquet`,
   * on the least busy thread. A workbook that cannot be read resolves with its error.
   */
  land(path: string, outPrefix: string): Promise<LandedWorkbook> {
    if (this.failure) return Promise.reject(this.failure);
    let thread = 0;
    for (let i = 1; i < this.threads.length; i++) if (this.threads[i].busy < this.threads[thread].busy) thread = i;
    const id = this.nextId++;
    const promise = new Promise<LandedWorkbook>((resolve, reject) => this.pending.set(id, { resolve, reject, thread }));
    this.threads[thread].busy++;
    this.threads[thread].worker.postMessage({ id, path, outPrefix });
    return promise;
  }

  /** Stop every thread (jobs still running are dropped). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

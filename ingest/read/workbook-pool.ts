/**
 * Worker threads that read and land workbooks (workbook-thread.ts) while the run goes on:
 * a province's activity workbooks took 20 s of one core to parse and land one after the
 * other; two threads take about half, beside the scan of the text files.
 * A thread costs about half a second to start (the TypeScript loader, the XLSX reader,
 * DuckDB): one is started only when a workbook finds every running thread busy.
 */
import { Worker } from 'node:worker_threads';
import type { LandedWorkbook } from './workbook-landing.ts';
import type { WorkbookJob } from './workbook-thread.ts';

interface Job {
  resolve: (r: LandedWorkbook) => void;
  reject: (e: Error) => void;
  thread: number;
}

export class WorkbookPool {
  private readonly threads: { worker: Worker; busy: number }[] = [];
  private readonly pending = new Map<number, Job>();
  private nextId = 0;
  private failure: Error | null = null;
  private closed = false;

  /** At most `size` threads. */
  constructor(private readonly size: number) {}

  private startThread(): number {
    const index = this.threads.length;
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
        if (job.thread !== index) continue;
        this.pending.delete(id);
        job.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`workbook thread exited with code ${code}`));
    });
    this.threads.push({ worker, busy: 0 });
    return index;
  }

  /**
   * Read the workbook at `path` and land its matching sheets as `${outPrefix}-${sheet}.parquet`,
   * on an idle thread (a new one while fewer than `size` run), else the least busy. A workbook
   * that cannot be read resolves with its error.
   */
  land(path: string, outPrefix: string): Promise<LandedWorkbook> {
    if (this.failure) return Promise.reject(this.failure);
    let thread = this.threads.findIndex((t) => t.busy === 0);
    if (thread === -1 && this.threads.length < this.size) thread = this.startThread();
    if (thread === -1) {
      thread = 0;
      for (let i = 1; i < this.threads.length; i++) if (this.threads[i].busy < this.threads[thread].busy) thread = i;
    }
    const id = this.nextId++;
    const promise = new Promise<LandedWorkbook>((resolve, reject) => this.pending.set(id, { resolve, reject, thread }));
    this.threads[thread].busy++;
    const job: WorkbookJob = { id, path, outPrefix };
    this.threads[thread].worker.postMessage(job);
    return promise;
  }

  /** How many threads were started. */
  get started(): number {
    return this.threads.length;
  }

  /** Stop every thread (jobs still running are dropped). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

/**
 * Sending files to POST /data/upload in one request (one ingest run, so files that depend on
 * each other load in the right order), with progress per file while the bytes go up (the
 * multipart body carries the files in order) and the ingest's phases while the server loads
 * (NDJSON lines). XMLHttpRequest, because fetch cannot report upload progress.
 */
import type { IngestReport } from '../../../../../ingest/report.ts';

export interface ServerProgress {
  phase: 'scan' | 'load' | 'models' | 'commit';
  done: number;
  total: number;
  detail: string | null;
}

export interface UploadCallbacks {
  /** Fraction 0–1 sent of each file, in the order given. */
  onFileProgress(fractions: number[]): void;
  onServerProgress(progress: ServerProgress): void;
}

export class UploadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadError';
  }
}

/** How much of each file has gone, from the bytes sent of the whole body. */
export function fileFractions(sizes: number[], loaded: number, total: number): number[] {
  // The body is slightly larger than the files (multipart headers): spread the overhead evenly.
  const sum = sizes.reduce((a, b) => a + b, 0);
  const scale = total > 0 && sum > 0 ? sum / total : 1;
  let remaining = loaded * scale;
  return sizes.map((size) => {
    const sent = Math.max(0, Math.min(size, remaining));
    remaining -= size;
    return size === 0 ? (loaded >= total ? 1 : 0) : sent / size;
  });
}

export function uploadFiles(files: File[], callbacks: UploadCallbacks): Promise<IngestReport> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    for (const f of files) body.append('files', f, f.name);
    const xhr = new XMLHttpRequest();
    const sizes = files.map((f) => f.size);
    let seen = 0;
    let report: IngestReport | null = null;
    let failure: string | null = null;
    const readLines = () => {
      const text = xhr.responseText;
      const end = text.lastIndexOf('\n');
      if (end < seen) return;
      for (const line of text.slice(seen, end).split('\n')) {
        if (!line.trim()) continue;
        const msg = JSON.parse(line) as { type: string; report?: IngestReport; message?: string } & ServerProgress;
        if (msg.type === 'progress') callbacks.onServerProgress(msg);
        else if (msg.type === 'report') report = msg.report!;
        else if (msg.type === 'error') failure = msg.message ?? '导入失败';
      }
      seen = end + 1;
    };
    xhr.upload.onprogress = (e) => callbacks.onFileProgress(fileFractions(sizes, e.loaded, e.lengthComputable ? e.total : e.loaded));
    xhr.upload.onload = () => callbacks.onFileProgress(sizes.map(() => 1));
    xhr.onprogress = () => {
      if (xhr.status === 200) readLines();
    };
    xhr.onload = () => {
      if (xhr.status !== 200) {
        const message = (() => {
          const type = xhr.getResponseHeader('content-type') ?? '';
          if (!type.includes('json')) return `上传失败（HTTP ${xhr.status}）`;
          const parsed = JSON.parse(xhr.responseText) as { message?: string };
          return parsed.message ?? `上传失败（HTTP ${xhr.status}）`;
        })();
        reject(new UploadError(message));
        return;
      }
      readLines();
      if (report) resolve(report);
      else reject(new UploadError(failure ?? '服务器没有返回导入报告。'));
    };
    xhr.onerror = () => reject(new UploadError('网络错误：上传未完成，请重试。'));
    xhr.open('POST', '/data/upload');
    xhr.setRequestHeader('accept', 'application/x-ndjson');
    xhr.send(body);
  });
}

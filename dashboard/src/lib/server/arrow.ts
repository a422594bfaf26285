/**
 * Bulk tables travel to the browser as Arrow IPC streams (a tenth of JSON's decode time, a
 * third of its size — see stack.md); small ones as JSON in the page data.
 */
import { tableFromArrays, tableToIPC } from 'apache-arrow';

export const ARROW_TYPE = 'application/vnd.apache.arrow.stream';

type ColumnArrays = Record<string, string[] | (string | null)[] | Int8Array | Int16Array | Int32Array | Float64Array>;

/** `columns` (equal lengths) as one Arrow IPC stream. */
export function arrowIpc(columns: ColumnArrays): Uint8Array {
  const table = tableFromArrays(columns as Parameters<typeof tableFromArrays>[0]);
  return tableToIPC(table, 'stream');
}

/**
 * An HTTP response carrying `columns` as one Arrow IPC stream, or an encoded stream as it is
 * (routes keep the bytes in their cached read, cache/results.ts; the body is a copy of them).
 */
export function arrowResponse(columns: ColumnArrays | Uint8Array): Response {
  const bytes = columns instanceof Uint8Array ? columns : arrowIpc(columns);
  return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': ARROW_TYPE, 'cache-control': 'private, max-age=60' } });
}

// Entry of a workbook thread (workbook-pool.ts): a worker thread starts without the
// TypeScript loader the process registered, so it registers it before loading the thread.
import { register } from 'tsx/esm/api';

register();
await import('./workbook-thread.ts');

/**
 * Process-wide state of the dashboard's server side. The server process runs the app from
 * build/ (a bundle) and its services from the sources (dashboard/server/), so one source module
 * can be loaded twice in a process; state both copies must share (the data generation, the
 * caches, the as_of builds) lives on globalThis under a Symbol.for key, as the warehouse slot
 * does (warehouse.ts).
 */
export function processSlot<T>(name: string, init: () => T): T {
  const key = Symbol.for(`zhixiao.dashboard.${name}`);
  const slots = globalThis as unknown as Record<symbol, unknown>;
  if (!(key in slots)) slots[key] = init();
  return slots[key] as T;
}

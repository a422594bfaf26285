/**
 * The warehouse context (queries/context.ts) of the current data generation: read once per
 * generation (generation.ts), shared by every request until the data changes.
 */
import { dataGeneration } from '../generation.ts';
import { processSlot } from '../process-slot.ts';
import { getWarehouseContext, type WarehouseContext } from '../queries/context.ts';

interface Kept {
  generation: number;
  context: Promise<WarehouseContext>;
}

const kept = processSlot<{ current: Kept | null }>('context', () => ({ current: null }));

/** The context of the current data generation, with that generation (read once per generation). */
export function warehouseContext(): { generation: number; context: Promise<WarehouseContext> } {
  const generation = dataGeneration();
  let entry = kept.current;
  if (!entry || entry.generation !== generation) {
    const fresh: Kept = { generation, context: getWarehouseContext() };
    // A failed read is not kept (its error reaches the requests awaiting it): the next one reads again.
    fresh.context.catch(() => {
      if (kept.current === fresh) kept.current = null;
    });
    kept.current = entry = fresh;
  }
  return { generation, context: entry.context };
}

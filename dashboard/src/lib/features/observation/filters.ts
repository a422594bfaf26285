/** The 列席 page's own view state (URL `quarters`), besides the shared period and university. */

/** How many quarters back "not observed" looks (URL `quarters`, 1–8; default 2). */
export const DEFAULT_QUARTERS = 2;
export const MAX_QUARTERS = 8;

export function readQuarters(params: URLSearchParams): { quarters: number; problem: string | null } {
  const raw = params.get('quarters')?.trim();
  if (!raw) return { quarters: DEFAULT_QUARTERS, problem: null };
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_QUARTERS) return { quarters: DEFAULT_QUARTERS, problem: raw };
  return { quarters: n, problem: null };
}

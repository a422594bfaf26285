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

/** How many branches the suggested list shows (URL `top`; 0 = all). Default 200: a quarter's
 *  realistic observation capacity for a province; the unobserved list is always complete. */
export const TOP_CHOICES = [100, 200, 500, 1000, 0] as const;
export const DEFAULT_TOP = 200;

export function readTop(params: URLSearchParams): { top: number; problem: string | null } {
  const raw = params.get('top')?.trim();
  if (!raw) return { top: DEFAULT_TOP, problem: null };
  const n = Number(raw);
  return (TOP_CHOICES as readonly number[]).includes(n) ? { top: n, problem: null } : { top: DEFAULT_TOP, problem: raw };
}

/**
 * What-if re-ranking in the browser (never saved): the index of indicators.md recomputed with
 * other weights, and ranks as the models give them — indices compared rounded half-up to two
 * decimals, ties share a rank and the next rank skips (1, 2, 2, 4), NULL indices unranked.
 */

export interface Component {
  key: string;
  /** Divide the value by this to get 0–1 (quality_score and branch_index_mean are 0–100). */
  scale: number;
}

/** 100 × Σ wᵢ·cᵢ / Σ wᵢ over the components that are not NULL; NULL if all are NULL (or Σw = 0). */
export function weightedIndex(values: object, components: readonly Component[], weights: Record<string, number>): number | null {
  let sum = 0;
  let totalWeight = 0;
  for (const c of components) {
    const v = (values as Record<string, number | null | undefined>)[c.key];
    const w = weights[c.key] ?? 0;
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    sum += w * (v / c.scale);
    totalWeight += w;
  }
  return totalWeight > 0 ? (100 * sum) / totalWeight : null;
}

/** Half-up rounding to two decimals, robust to binary fractions (2.675 → 2.68). */
export function round2(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-9) / 100;
}

/** Standard competition ranks (1, 2, 2, 4) by index, highest first; NULL → null. */
export function rankByIndex(indices: readonly (number | null)[]): (number | null)[] {
  const order = indices
    .map((v, i) => ({ v: v === null ? null : round2(v), i }))
    .filter((x): x is { v: number; i: number } => x.v !== null)
    .sort((a, b) => b.v - a.v);
  const ranks: (number | null)[] = indices.map(() => null);
  let previous: number | null = null;
  let rank = 0;
  order.forEach((x, position) => {
    if (previous === null || x.v !== previous) rank = position + 1;
    ranks[x.i] = rank;
    previous = x.v;
  });
  return ranks;
}

/** The mean of the non-NULL values, or NULL. */
export function meanOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
}

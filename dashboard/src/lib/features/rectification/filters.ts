/** The 整改 page's own view state (URL `view`, `status`), besides the shared period and university. */

/** Which items the list shows: all found by as_of, due in the period, overdue and open, or open. */
export const ITEM_VIEWS = ['all', 'due', 'overdue', 'open'] as const;
export type ItemView = (typeof ITEM_VIEWS)[number];

/** The statuses of the contract (整改状态), as recorded. */
export const ITEM_STATUSES = ['未整改', '整改中', '已整改', '已销号'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Ageing of open items, in days since found (as of as_of). */
export const AGE_BUCKETS = [
  { key: 'd30', zh: '30 天内', en: '≤ 30 days', max: 30 },
  { key: 'd60', zh: '31–60 天', en: '31–60 days', max: 60 },
  { key: 'd90', zh: '61–90 天', en: '61–90 days', max: 90 },
  { key: 'd180', zh: '91–180 天', en: '91–180 days', max: 180 },
  { key: 'older', zh: '180 天以上', en: '> 180 days', max: Infinity },
] as const;

export function ageBucket(days: number): (typeof AGE_BUCKETS)[number]['key'] {
  return AGE_BUCKETS.find((b) => days <= b.max)!.key;
}

export interface RectificationFilters {
  /** URL `view`; default all. */
  view: ItemView;
  /** URL `status`: the recorded status; null = all. */
  status: ItemStatus | null;
}

export function readRectificationFilters(params: URLSearchParams): { filters: RectificationFilters; problems: string[] } {
  const problems: string[] = [];
  const view = params.get('view')?.trim() || null;
  const status = params.get('status')?.trim() || null;
  const okView = view !== null && (ITEM_VIEWS as readonly string[]).includes(view);
  const okStatus = status !== null && (ITEM_STATUSES as readonly string[]).includes(status);
  if (view && !okView) problems.push(view);
  if (status && !okStatus) problems.push(status);
  return { filters: { view: okView ? (view as ItemView) : 'all', status: okStatus ? (status as ItemStatus) : null }, problems };
}

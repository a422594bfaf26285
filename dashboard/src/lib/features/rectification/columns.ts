/**
 * The 整改 item list's columns and the text of an item's state: one definition for the page's
 * table and the server's export (GET /rectification/export), so both show the same columns.
 */
import { translate, type Lang } from '../../i18n/dict.ts';
import type { Column } from '../../table/columns.ts';
import type { RectificationItem } from '../../server/queries/rectification.ts';

export type ShownItem = RectificationItem & { state_text: string };

export function shownItem(item: RectificationItem, lang: Lang): ShownItem {
  const t = (key: 'rect_overdue' | 'rect_open' | 'rect_closed_on_time' | 'rect_closed') => translate(lang, key);
  return { ...item, state_text: item.is_overdue ? t('rect_overdue') : item.is_open ? t('rect_open') : item.is_closed_on_time ? t('rect_closed_on_time') : t('rect_closed') };
}

/** The columns of the item list; `link` (a path to a drill-down URL) adds the links of the page. */
export function itemColumns(lang: Lang, link?: (path: string) => string): Column<ShownItem>[] {
  const t = (key: Parameters<typeof translate>[1]) => translate(lang, key);
  return [
    { key: 'item_id', label: t('code'), kind: 'text' },
    { key: 'university_name', label: t('university'), kind: 'text', href: link && ((i) => link(`/u/${encodeURIComponent(i.university_code)}`)) },
    { key: 'branch_name', label: t('branch'), kind: 'text', href: link && ((i) => link(`/b/${encodeURIComponent(i.branch_code)}`)) },
    { key: 'source', label: t('source'), kind: 'text' },
    { key: 'description', label: t('description'), kind: 'text' },
    { key: 'found_on', label: t('found_on'), kind: 'date' },
    { key: 'due_on', label: t('due_on'), kind: 'date' },
    { key: 'closed_on', label: t('closed_on'), kind: 'date', nullReason: t('rect_not_closed') },
    { key: 'status', label: t('status'), kind: 'text' },
    { key: 'state_text', label: t('rect_state'), kind: 'text' },
    { key: 'days_overdue', label: t('days_overdue'), kind: 'count', nullReason: t('rect_not_overdue') },
    { key: 'age_days', label: t('age_days'), kind: 'count' },
  ];
}

/**
 * The 列席 lists' columns (the suggested list, the branches not observed) and the text a row
 * shows: one definition for the page's tables and the server's export (GET /observation/export).
 */
import { translate, type Lang } from '../../i18n/dict.ts';
import { indicatorDefinition, indicatorLabel } from '../../indicators.ts';
import type { Column } from '../../table/columns.ts';
import type { SuggestionRow } from '../../server/queries/observation.ts';

export type ShownSuggestion = SuggestionRow & { contact_text: string; reason: string };

/** `quarters`: the N of "not observed in the last N quarters". */
export function shownSuggestion(s: SuggestionRow, lang: Lang, quarters: number): ShownSuggestion {
  return {
    ...s,
    contact_text: s.is_contact_point ? `★ ${translate(lang, 'contact_point')}` : '',
    reason: [
      s.is_unobserved ? translate(lang, 'reason_unobserved', { n: quarters }) : null,
      s.index === null ? translate(lang, 'reason_no_index') : s.index < 60 ? translate(lang, 'reason_low_index') : null,
      s.open_anomalies > 0 ? translate(lang, 'reason_open_anomalies', { n: s.open_anomalies }) : null,
    ]
      .filter(Boolean)
      .join('；'),
  };
}

/** The suggested list's columns; `link` (a path to a drill-down URL) adds the links of the page. */
export function suggestionColumns(lang: Lang, quarters: number, link?: (path: string) => string): Column<ShownSuggestion>[] {
  const t = (key: Parameters<typeof translate>[1]) => translate(lang, key);
  return [
    { key: 'priority', label: t('priority'), kind: 'count', width: '4em' },
    { key: 'branch_name', label: t('branch'), kind: 'text', href: link && ((r) => link(`/b/${encodeURIComponent(r.branch_code)}`)) },
    { key: 'contact_text', label: t('contact_point'), kind: 'text', nullReason: '' },
    { key: 'university_name', label: t('university'), kind: 'text', href: link && ((r) => link(`/u/${encodeURIComponent(r.university_code)}`)) },
    { key: 'college_name', label: t('college'), kind: 'text' },
    { key: 'branch_category', label: t('branch_category'), kind: 'text' },
    { key: 'last_observed_on', label: t('last_observed_on'), kind: 'date', nullReason: t('never_observed') },
    { key: 'n_observations_window', label: translate(lang, 'n_observations_window', { n: quarters }), kind: 'count' },
    { key: 'index', label: indicatorLabel('index', lang), kind: 'index', definition: indicatorDefinition('index', lang), nullReason: t('reason_no_index') },
    { key: 'open_anomalies', label: t('open_anomalies'), kind: 'count', definition: t('open_anomalies_def') },
    { key: 'risk', label: t('risk_score'), kind: 'score', definition: t('risk_score_def') },
    { key: 'reason', label: t('reason'), kind: 'text' },
  ];
}

/** The columns of the branches not observed: the suggested list's without its ranking. */
export function unobservedColumns(lang: Lang, quarters: number, link?: (path: string) => string): Column<ShownSuggestion>[] {
  return suggestionColumns(lang, quarters, link).filter((c) => !['priority', 'risk', 'reason', 'n_observations_window'].includes(c.key));
}

/** Table columns shared by the university, college and branch pages. */
import type { Column } from '$lib/table/columns.ts';
import { INDICATORS, indicatorDefinition, indicatorLabel } from '$lib/indicators.ts';
import type { Lang } from '$lib/i18n/dict.ts';
import { translate } from '$lib/i18n/dict.ts';

export function indicatorColumn<R extends object>(key: string, lang: Lang): Column<R> {
  return { key, label: indicatorLabel(key, lang), kind: INDICATORS[key]?.unit ?? 'ratio', definition: indicatorDefinition(key, lang) };
}

/** rank, name (linked), index, rank change and the main indicators. */
export function unitColumns<R extends object>(lang: Lang, nameLabel: string, href: (row: R) => string, extra: Column<R>[] = []): Column<R>[] {
  return [
    { key: 'rank', label: translate(lang, 'rank'), kind: 'count', width: '4em', nullReason: lang === 'en' ? 'No index: unranked' : '无指数，不参与排名' },
    { key: 'name', label: nameLabel, kind: 'text', href },
    ...extra,
    indicatorColumn<R>('index', lang),
    { key: 'rank_change', label: translate(lang, 'rank_change'), kind: 'rank_change', nullReason: lang === 'en' ? 'Not ranked in one of the two periods' : '两期之一无排名' },
    ...['regularity', 'participation_rate', 'quality_score', 'political_content_share', 'rectification_rate', 'dual_life_rate', 'observer_coverage', 'overdue_open'].map((k) => indicatorColumn<R>(k, lang)),
  ];
}

export function anomalyColumns<R extends object>(lang: Lang, branchHref: (row: R) => string, activityHref: (row: R) => string | null): Column<R>[] {
  return [
    { key: 'severity', label: translate(lang, 'severity'), kind: 'text', width: '4em' },
    { key: 'code', label: translate(lang, 'code'), kind: 'text' },
    { key: 'period', label: translate(lang, 'period'), kind: 'text' },
    { key: 'branch_name', label: translate(lang, 'branch'), kind: 'text', href: branchHref },
    { key: 'message', label: translate(lang, 'message'), kind: 'text' },
    { key: 'activity_id', label: translate(lang, 'evidence'), kind: 'text', href: activityHref, nullReason: lang === 'en' ? 'No single activity: see the explanation' : '不针对单次活动，见说明' },
  ];
}

export { BENCHMARK_KEYS, COLLEGE_BENCHMARK_KEYS, SCORE_KEYS } from './benchmark-keys.ts';

/**
 * What the dashboard says about each indicator of indicators.md: label, unit and the one-line
 * definition shown on hover. Column names are the models' (`regularity`, `participation_rate`…).
 * Client-safe: no SQL here.
 */
import type { Lang } from './i18n/dict.ts';

export type IndicatorUnit = 'rate' | 'score' | 'index' | 'count' | 'ratio';

export interface IndicatorMeta {
  key: string;
  zh: string;
  en: string;
  unit: IndicatorUnit;
  defZh: string;
  defEn: string;
}

const list: IndicatorMeta[] = [
  { key: 'index', zh: '质效指数', en: 'Quality index', unit: 'index', defZh: '0–100：规范执行、参会、列席评分、政治内容、整改、双重组织生活的加权合成（缺项权重重新归一）。', defEn: '0–100: weighted blend of regularity, participation, observers’ score, political content, rectification and dual life (weights renormalised over present components).' },
  { key: 'regularity', zh: '规范执行率', en: 'Regularity', unit: 'rate', defZh: '已开（未被叫停）的应开会议项 / 应开会议项（按规则与子期间计）。', defEn: 'Met (rule, sub-period) pairs / required pairs; a halted meeting does not count.' },
  { key: 'participation_rate', zh: '参会率', en: 'Participation', unit: 'rate', defZh: '出席人次 / 应到人次（出席+请假+缺席；列席不计）。', defEn: 'Attended rows / expected rows (attended + leave + absent; observers excluded).' },
  { key: 'leave_rate', zh: '请假率', en: 'Leave rate', unit: 'rate', defZh: '请假人次 / 应到人次。', defEn: 'On-leave rows / expected rows.' },
  { key: 'absence_rate', zh: '缺席率', en: 'Absence rate', unit: 'rate', defZh: '缺席人次 / 应到人次。', defEn: 'Absent rows / expected rows.' },
  { key: 'observer_coverage', zh: '列席覆盖率', en: 'Observer coverage', unit: 'rate', defZh: '本期有列席督导的在册支部 / 在册支部。', defEn: 'Active branches observed at least once in the period / active branches.' },
  { key: 'quality_score', zh: '列席评分', en: 'Quality score', unit: 'score', defZh: '本期列席督导四维评分均值的平均（0–100）。', defEn: 'Mean of the observations’ four-score means (0–100).' },
  { key: 'score_political', zh: '政治性评分', en: 'Political', unit: 'score', defZh: '列席督导“政治性强”维度评分均值。', defEn: 'Mean observer score for “political”.' },
  { key: 'score_contemporary', zh: '时代性评分', en: 'Contemporary', unit: 'score', defZh: '列席督导“时代性强”维度评分均值。', defEn: 'Mean observer score for “contemporary”.' },
  { key: 'score_principled', zh: '原则性评分', en: 'Principled', unit: 'score', defZh: '列席督导“原则性强”维度评分均值。', defEn: 'Mean observer score for “principled”.' },
  { key: 'score_combative', zh: '战斗性评分', en: 'Combative', unit: 'score', defZh: '列席督导“战斗性强”维度评分均值。', defEn: 'Mean observer score for “combative”.' },
  { key: 'problem_rate', zh: '发现问题率', en: 'Problem rate', unit: 'rate', defZh: '发现至少一个问题的列席 / 列席次数。', defEn: 'Observations with a problem / observations.' },
  { key: 'halt_count', zh: '叫停次数', en: 'Halted', unit: 'count', defZh: '被叫停的活动数（同一活动只计一次）。', defEn: 'Halted activities (each once).' },
  { key: 'political_content_share', zh: '政治内容占比', en: 'Political content', unit: 'rate', defZh: '含理论学习、政治教育等政治类内容标签的活动 / 活动。', defEn: 'Activities tagged with political content / activities.' },
  { key: 'online_share', zh: '线上占比', en: 'Online share', unit: 'rate', defZh: '线上或线上线下结合的活动 / 活动。', defEn: 'Online or blended activities / activities.' },
  { key: 'criticism_per_member', zh: '人均批评意见', en: 'Criticism per member', unit: 'ratio', defZh: '组织生活会批评意见条数 / 出席人次（仅年度）。', defEn: 'Criticisms at life meetings / attended (years only).' },
  { key: 'rectification_rate', zh: '整改按期完成率', en: 'Rectification rate', unit: 'rate', defZh: '本期到期整改事项中按期完成的 / 本期到期事项。', defEn: 'Items due in the period closed on time / items due.' },
  { key: 'overdue_open', zh: '逾期未改', en: 'Overdue open', unit: 'count', defZh: '截至数据日期已过时限且未整改或整改中的事项数。', defEn: 'Items past due and still open at as_of.' },
  { key: 'dual_life_rate', zh: '双重组织生活率', en: 'Dual-life rate', unit: 'rate', defZh: '领导干部以普通党员身份参加所在支部活动的达标季度 / 应达标季度。', defEn: 'Met (cadre, quarter) pairs / required pairs.' },
  { key: 'case_compliance', zh: '案例报送率', en: 'Case compliance', unit: 'rate', defZh: '2022Q2 起本期已结束季度中报送了案例的季度 / 应报季度（仅高校）。', defEn: 'Required quarters (from 2022Q2) with a case / required quarters (universities only).' },
  { key: 'excellent_cases', zh: '省级优秀案例', en: 'Excellent cases', unit: 'count', defZh: '遴选为省级优秀的案例数。', defEn: 'Cases selected as provincial excellent.' },
  { key: 'branch_index_mean', zh: '支部指数均值', en: 'Mean branch index', unit: 'index', defZh: '在册且指数非空的支部的指数均值。', defEn: 'Mean index of active branches with an index.' },
];

export const INDICATORS: Record<string, IndicatorMeta> = Object.fromEntries(list.map((m) => [m.key, m]));

export function indicatorLabel(key: string, lang: Lang): string {
  const m = INDICATORS[key];
  return m ? (lang === 'en' ? m.en : m.zh) : key;
}

export function indicatorDefinition(key: string, lang: Lang): string {
  const m = INDICATORS[key];
  return m ? (lang === 'en' ? m.defEn : m.defZh) : '';
}

export function unitLabel(unit: IndicatorUnit, lang: Lang): string {
  const zh: Record<IndicatorUnit, string> = { rate: '%', score: '分', index: '指数（0–100）', count: '个', ratio: '条/人次' };
  const en: Record<IndicatorUnit, string> = { rate: '%', score: 'points', index: 'index (0–100)', count: 'count', ratio: 'per attendance' };
  return (lang === 'en' ? en : zh)[unit];
}

/** The KPI cards of the overview, in the order of dashboard.md. */
export const KPI_KEYS = [
  'regularity',
  'participation_rate',
  'observer_coverage',
  'quality_score',
  'rectification_rate',
  'dual_life_rate',
  'case_compliance',
] as const;

/** Branch index components and their default weights (indicators.md). */
export const BRANCH_COMPONENTS = [
  { key: 'regularity', weight: 0.3, scale: 1 },
  { key: 'participation_rate', weight: 0.2, scale: 1 },
  { key: 'quality_score', weight: 0.25, scale: 100 },
  { key: 'political_content_share', weight: 0.1, scale: 1 },
  { key: 'rectification_rate', weight: 0.1, scale: 1 },
  { key: 'dual_life_rate', weight: 0.05, scale: 1 },
] as const;

/** University index components and their default weights (indicators.md). */
export const UNIVERSITY_COMPONENTS = [
  { key: 'branch_index_mean', weight: 0.7, scale: 100 },
  { key: 'observer_coverage', weight: 0.15, scale: 1 },
  { key: 'case_compliance', weight: 0.15, scale: 1 },
] as const;

/**
 * The indicator columns the pages read from the marts (names of indicators.md / models/README.md).
 * Rows are read with `select *` and picked here, so a column a mart does not (yet) have comes
 * back as NULL instead of failing the page.
 */

export const RULE_CODES = [
  'assembly_quarterly',
  'committee_monthly',
  'group_monthly',
  'lecture_quarterly',
  'theme_day_monthly',
  'life_meeting_yearly',
  'review_yearly',
  'year_end_report',
] as const;

export const INDICATOR_COLUMNS = [
  'index',
  'rank',
  'rank_change',
  'regularity',
  'participation_rate',
  'leave_rate',
  'absence_rate',
  'observer_coverage',
  'quality_score',
  'score_political',
  'score_contemporary',
  'score_principled',
  'score_combative',
  'problem_rate',
  'halt_count',
  'political_content_share',
  'online_share',
  'criticism_per_member',
  'rectification_rate',
  'overdue_open',
  'dual_life_rate',
  'case_compliance',
  'excellent_cases',
  'branch_index_mean',
  'n_required_pairs',
  'n_expected',
  'n_observations',
  'n_activities',
  'n_branches',
] as const;

export type IndicatorColumn = (typeof INDICATOR_COLUMNS)[number];
export type IndicatorValues = Record<IndicatorColumn, number | null>;

/** Pick the indicator columns (numbers or NULL) from a mart row. */
export function pickIndicators(row: Record<string, unknown> | null | undefined): IndicatorValues {
  const out = {} as IndicatorValues;
  for (const key of INDICATOR_COLUMNS) {
    const v = row?.[key];
    out[key] = v === null || v === undefined || v === '' ? null : Number(v);
  }
  return out;
}

/**
 * Only `keys` of a mart row's indicators, the others NULL: a page that shows a unit against its
 * university (a benchmark) is sent those figures, not the university's rank and every other
 * figure, which a college user does not see elsewhere.
 */
export function pickBenchmark(row: Record<string, unknown> | null | undefined, keys: readonly string[]): IndicatorValues {
  const all = pickIndicators(row);
  for (const key of INDICATOR_COLUMNS) if (!keys.includes(key)) all[key] = null;
  return all;
}

/** Rule-by-rule completion (`rule_completion_<rule>`) of a mart row. */
export function pickRuleCompletion(row: Record<string, unknown> | null | undefined): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const rule of RULE_CODES) {
    const v = row?.[`rule_completion_${rule}`];
    out[rule] = v === null || v === undefined ? null : Number(v);
  }
  return out;
}

/** A text field of a row, or null. */
export function text(row: Record<string, unknown> | null | undefined, key: string): string | null {
  const v = row?.[key];
  return v === null || v === undefined ? null : String(v);
}

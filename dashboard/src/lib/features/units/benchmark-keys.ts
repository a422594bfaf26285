/**
 * The figures a unit is shown against a reference by. The pages draw these; the server sends
 * a college's or branch's page only these of its university's row (queries/columns.ts
 * pickBenchmark). No imports: the server's queries read it too.
 */

/** Bars of a unit against a reference (the province, the university) for the rate indicators. */
export const BENCHMARK_KEYS = ['regularity', 'participation_rate', 'observer_coverage', 'political_content_share', 'online_share', 'rectification_rate', 'dual_life_rate', 'case_compliance'] as const;
/** A college against its university: the benchmark without case compliance (universities only). */
export const COLLEGE_BENCHMARK_KEYS = BENCHMARK_KEYS.filter((k) => k !== 'case_compliance');
/** The four dimension scores: a branch's observations against its university's. */
export const SCORE_KEYS = ['score_political', 'score_contemporary', 'score_principled', 'score_combative'] as const;

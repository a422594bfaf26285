-- int_unit_period_indicators: every indicator of indicators.md at every scope, computed once from
-- the pooled sums (a zero denominator gives NULL, never 0), plus the branch index.
-- Grain: one row per unit × reported period. Key: (unit_level, unit_code, period_code).
-- Sources: int_unit_period_sums, int_periods, seed_index_weights.
-- branch_index (branch rows only) = 100 × Σ wᵢcᵢ / Σ wᵢ over the components that are not NULL
-- (quality_score enters as quality_score / 100); NULL when all are NULL.
-- criticism_per_member exists for years only.
-- A view: each mart reads its own level's rows, and the arithmetic costs less than writing 1 M
-- rows of 46 columns (2–3 s of a province build).
-- materialized: view
with sums as (
  select * from int_unit_period_sums
),

periods as (
  select * from int_periods
),

weights as (
  select
    max(weight) filter (where component = 'regularity') as w_regularity,
    max(weight) filter (where component = 'participation_rate') as w_participation_rate,
    max(weight) filter (where component = 'quality_score') as w_quality_score,
    max(weight) filter (where component = 'political_content_share') as w_political_content_share,
    max(weight) filter (where component = 'rectification_rate') as w_rectification_rate,
    max(weight) filter (where component = 'dual_life_rate') as w_dual_life_rate
  from seed_index_weights
  where index_scope = 'branch'
),

ratios as (
  select
    s.unit_level,
    s.unit_code,
    s.period_code,
    p.period_kind,
    s.n_met_pairs / nullif(s.n_required_pairs, 0) as regularity,
    s.n_met_assembly_quarterly / nullif(s.n_required_assembly_quarterly, 0) as rule_completion_assembly_quarterly,
    s.n_met_committee_monthly / nullif(s.n_required_committee_monthly, 0) as rule_completion_committee_monthly,
    s.n_met_group_monthly / nullif(s.n_required_group_monthly, 0) as rule_completion_group_monthly,
    s.n_met_lecture_quarterly / nullif(s.n_required_lecture_quarterly, 0) as rule_completion_lecture_quarterly,
    s.n_met_theme_day_monthly / nullif(s.n_required_theme_day_monthly, 0) as rule_completion_theme_day_monthly,
    s.n_met_life_meeting_yearly / nullif(s.n_required_life_meeting_yearly, 0) as rule_completion_life_meeting_yearly,
    s.n_met_review_yearly / nullif(s.n_required_review_yearly, 0) as rule_completion_review_yearly,
    s.n_met_year_end_report / nullif(s.n_required_year_end_report, 0) as rule_completion_year_end_report,
    s.n_attended / nullif(s.n_expected, 0) as participation_rate,
    s.n_on_leave / nullif(s.n_expected, 0) as leave_rate,
    s.n_absent / nullif(s.n_expected, 0) as absence_rate,
    -- a branch's is 1 or 0 (also in a period it has data in without being active); a pooled
    -- scope's: active branches observed / active branches
    case when s.unit_level = 'branch' then (s.n_observations > 0)::integer
      else s.n_observed_branches / nullif(s.n_active_branches, 0) end as observer_coverage,
    s.sum_observation_score / nullif(s.n_observations_scored, 0) as quality_score,
    s.sum_score_political / nullif(s.n_scored_political, 0) as score_political,
    s.sum_score_contemporary / nullif(s.n_scored_contemporary, 0) as score_contemporary,
    s.sum_score_principled / nullif(s.n_scored_principled, 0) as score_principled,
    s.sum_score_combative / nullif(s.n_scored_combative, 0) as score_combative,
    s.n_observations_with_problem / nullif(s.n_observations, 0) as problem_rate,
    s.n_halted_activities as halt_count,
    s.n_political_activities / nullif(s.n_activities, 0) as political_content_share,
    s.n_online_activities / nullif(s.n_activities, 0) as online_share,
    case when p.period_kind = 'year' and s.n_life_meetings_counted > 0 then s.n_criticism_items / nullif(s.n_criticism_attended, 0) end as criticism_per_member,
    s.n_rectifications_closed_on_time / nullif(s.n_rectifications_due, 0) as rectification_rate,
    s.n_overdue_open as overdue_open,
    s.n_cadre_pairs_met / nullif(s.n_cadre_pairs_required, 0) as dual_life_rate,
    s.n_case_quarters_met / nullif(s.n_case_quarters_required, 0) as case_compliance,
    s.n_excellent_cases as excellent_cases,
    s.n_active_branches,
    s.n_observed_branches,
    s.n_required_pairs,
    s.n_met_pairs,
    s.n_activities,
    s.n_expected,
    s.n_attended,
    s.n_on_leave,
    s.n_absent,
    s.n_observations,
    s.n_rectifications_due,
    s.n_cadre_pairs_required,
    s.n_case_quarters_required
  from sums as s
  join periods as p on p.period_code = s.period_code
),

final as (
  select
    r.*,
    case when r.unit_level = 'branch' then
      100 * (
        coalesce(w.w_regularity * r.regularity, 0)
        + coalesce(w.w_participation_rate * r.participation_rate, 0)
        + coalesce(w.w_quality_score * r.quality_score / 100, 0)
        + coalesce(w.w_political_content_share * r.political_content_share, 0)
        + coalesce(w.w_rectification_rate * r.rectification_rate, 0)
        + coalesce(w.w_dual_life_rate * r.dual_life_rate, 0)
      ) / nullif(
        case when r.regularity is not null then w.w_regularity else 0 end
        + case when r.participation_rate is not null then w.w_participation_rate else 0 end
        + case when r.quality_score is not null then w.w_quality_score else 0 end
        + case when r.political_content_share is not null then w.w_political_content_share else 0 end
        + case when r.rectification_rate is not null then w.w_rectification_rate else 0 end
        + case when r.dual_life_rate is not null then w.w_dual_life_rate else 0 end,
        0
      )
    end as branch_index
  from ratios as r
  cross join weights as w
)

select * from final

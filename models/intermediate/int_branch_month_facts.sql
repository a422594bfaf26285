-- int_branch_month_facts: the additive facts of each branch and month, the building block that
-- int_branch_period_sums rolls up to quarters and years (every column is a sum: n_* counts, sum_* totals).
-- Grain: one row per branch × month with any counted activity or observation.
-- Key: (branch_code, month_code). Sources: int_activities, int_observations.
-- Activities: halted ones and redos included. Criticism: the 组织生活会 of the month, their known
-- criticism_count summed over the 出席 of all of them (indicators.md: "Σ criticism_count over b's
-- 组织生活会 in P / Σ attended of those meetings"); n_life_meetings_counted says whether any count
-- is known (none known: NULL, not 0). Observations: placed in their activity's month.
-- (Rectification items are counted by period in int_branch_period_sums: a period's items due
-- after as_of's month count too.)
with activities as (
  select * from int_activities
),

observations as (
  select * from int_observations
),


activity_facts as (
  select
    branch_code,
    month_code,
    count(*) as n_activities,
    count_if(is_political) as n_political_activities,
    count_if(is_online) as n_online_activities,
    sum(n_expected) as n_expected,
    sum(n_attended) as n_attended,
    sum(n_on_leave) as n_on_leave,
    sum(n_absent) as n_absent,
    count_if(is_halted) as n_halted_activities,
    count_if(activity_type = '组织生活会' and criticism_count is not null) as n_life_meetings_counted,
    sum(criticism_count) filter (where activity_type = '组织生活会') as n_criticism_items,
    sum(n_attended) filter (where activity_type = '组织生活会') as n_criticism_attended
  from activities
  group by branch_code, month_code
),

observation_facts as (
  select
    branch_code,
    month_code,
    count(*) as n_observations,
    count(observation_score) as n_observations_scored,
    sum(observation_score) as sum_observation_score,
    count(score_political) as n_scored_political,
    sum(score_political) as sum_score_political,
    count(score_contemporary) as n_scored_contemporary,
    sum(score_contemporary) as sum_score_contemporary,
    count(score_principled) as n_scored_principled,
    sum(score_principled) as sum_score_principled,
    count(score_combative) as n_scored_combative,
    sum(score_combative) as sum_score_combative,
    count_if(has_problem) as n_observations_with_problem
  from observations
  group by branch_code, month_code
),

unioned as (
  select * from activity_facts
  union all by name
  select * from observation_facts
),

final as (
  select
    branch_code,
    month_code,
    coalesce(sum(columns('^n_')), 0)::integer,
    coalesce(sum(columns('^sum_')), 0)::double
  from unioned
  group by branch_code, month_code
)

select * from final

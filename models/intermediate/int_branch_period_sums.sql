-- int_branch_period_sums: every numerator and denominator of every indicator for each branch and
-- reported period: the month facts rolled up, cadence pairs and cadre pairs summed over the
-- sub-periods lying inside P. Higher scopes pool these rows (int_unit_period_sums).
-- Grain: one row per branch × reported period where the branch is active in P (exists on any of
-- its days) or has data in P. Key: (branch_code, period_code).
-- Sources: int_branches, int_branch_calendar, int_periods, int_period_subperiods, int_branch_month_facts,
-- int_cadence_cells, int_cadre_quarters, stg_rectifications, int_branch_overdue.
-- n_active_branches / n_observed_branches: 1 or 0 (observed = active and ≥1 observation in P).
-- Rectification items due in P (indicators.md: "due_on in P" — also after as_of, in a period not
-- yet ended), closed on time when closed_on ≤ due_on.
-- n_overdue_open: the branch's items open and overdue at as_of (int_branch_overdue; the same for
-- every period).
with branches as (
  select * from int_branches
),

branch_calendar as (
  select * from int_branch_calendar
),

periods as (
  select * from int_periods
),

subperiods as (
  select * from int_period_subperiods
),

month_facts as (
  select * from int_branch_month_facts
),

cells as (
  select * from int_cadence_cells
),

cadre_quarters as (
  select * from int_cadre_quarters
),

rectifications as (
  select * from stg_rectifications
),

overdue as (
  select * from int_branch_overdue
),

active as (
  select bc.branch_code, bc.period_code
  from branch_calendar as bc
  join periods as p on p.period_code = bc.period_code
),

facts as (
  select
    f.branch_code,
    s.period_code,
    sum(columns(f.* exclude (branch_code, month_code)))
  from month_facts as f
  join subperiods as s on s.sub_period_code = f.month_code
  group by f.branch_code, s.period_code
),

cadence as (
  select
    c.branch_code,
    s.period_code,
    count_if(c.is_required) as n_required_pairs,
    count_if(c.is_required and c.is_met) as n_met_pairs,
    count_if(c.is_required and c.rule_code = 'assembly_quarterly') as n_required_assembly_quarterly,
    count_if(c.is_required and c.is_met and c.rule_code = 'assembly_quarterly') as n_met_assembly_quarterly,
    count_if(c.is_required and c.rule_code = 'committee_monthly') as n_required_committee_monthly,
    count_if(c.is_required and c.is_met and c.rule_code = 'committee_monthly') as n_met_committee_monthly,
    count_if(c.is_required and c.rule_code = 'group_monthly') as n_required_group_monthly,
    count_if(c.is_required and c.is_met and c.rule_code = 'group_monthly') as n_met_group_monthly,
    count_if(c.is_required and c.rule_code = 'lecture_quarterly') as n_required_lecture_quarterly,
    count_if(c.is_required and c.is_met and c.rule_code = 'lecture_quarterly') as n_met_lecture_quarterly,
    count_if(c.is_required and c.rule_code = 'theme_day_monthly') as n_required_theme_day_monthly,
    count_if(c.is_required and c.is_met and c.rule_code = 'theme_day_monthly') as n_met_theme_day_monthly,
    count_if(c.is_required and c.rule_code = 'life_meeting_yearly') as n_required_life_meeting_yearly,
    count_if(c.is_required and c.is_met and c.rule_code = 'life_meeting_yearly') as n_met_life_meeting_yearly,
    count_if(c.is_required and c.rule_code = 'review_yearly') as n_required_review_yearly,
    count_if(c.is_required and c.is_met and c.rule_code = 'review_yearly') as n_met_review_yearly,
    count_if(c.is_required and c.rule_code = 'year_end_report') as n_required_year_end_report,
    count_if(c.is_required and c.is_met and c.rule_code = 'year_end_report') as n_met_year_end_report
  from cells as c
  join subperiods as s on s.sub_period_code = c.period_code
  group by c.branch_code, s.period_code
),

cadres as (
  select
    q.branch_code,
    s.period_code,
    count_if(q.is_required) as n_cadre_pairs_required,
    count_if(q.is_required and q.is_met) as n_cadre_pairs_met
  from cadre_quarters as q
  join subperiods as s on s.sub_period_code = q.quarter_code
  group by q.branch_code, s.period_code
),

rectification as (
  select
    r.branch_code,
    p.period_code,
    count(*) as n_rectifications_due,
    count_if(r.closed_on <= r.due_on) as n_rectifications_closed_on_time
  from rectifications as r
  join periods as p on r.due_on between p.start_on and p.end_on
  group by r.branch_code, p.period_code
),

keys as (
  select branch_code, period_code from active
  union
  select branch_code, period_code from facts
  union
  select branch_code, period_code from rectification
  union
  select branch_code, period_code from cadence
  union
  select branch_code, period_code from cadres
),

final as (
  select
    k.branch_code,
    k.period_code,
    a.branch_code is not null as is_active,
    (a.branch_code is not null)::integer as n_active_branches,
    (a.branch_code is not null and coalesce(f.n_observations, 0) > 0)::integer as n_observed_branches,
    coalesce(columns(f.* exclude (branch_code, period_code, sum_observation_score, sum_score_political,
      sum_score_contemporary, sum_score_principled, sum_score_combative)), 0)::integer,
    coalesce(columns(['sum_observation_score', 'sum_score_political', 'sum_score_contemporary',
      'sum_score_principled', 'sum_score_combative']), 0)::double,
    coalesce(columns(c.* exclude (branch_code, period_code)), 0)::integer,
    coalesce(q.n_cadre_pairs_required, 0)::integer as n_cadre_pairs_required,
    coalesce(q.n_cadre_pairs_met, 0)::integer as n_cadre_pairs_met,
    coalesce(r.n_rectifications_due, 0)::integer as n_rectifications_due,
    coalesce(r.n_rectifications_closed_on_time, 0)::integer as n_rectifications_closed_on_time,
    coalesce(o.n_overdue_open, 0)::integer as n_overdue_open
  from keys as k
  join branches as b on b.branch_code = k.branch_code
  left join active as a on a.branch_code = k.branch_code and a.period_code = k.period_code
  left join facts as f on f.branch_code = k.branch_code and f.period_code = k.period_code
  left join cadence as c on c.branch_code = k.branch_code and c.period_code = k.period_code
  left join cadres as q on q.branch_code = k.branch_code and q.period_code = k.period_code
  left join rectification as r on r.branch_code = k.branch_code and r.period_code = k.period_code
  left join overdue as o on o.branch_code = k.branch_code
)

select * from final

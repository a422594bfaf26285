-- int_cadence_cells: the cadence rules (规范执行) cell by cell: for each branch, each calendar
-- sub-period of a rule's size in which the branch is active, and each such rule, whether the pair
-- (rule, s) is required and whether it is met, and by which activity.
-- Grain: one row per branch × sub-period × rule. Key: (branch_code, period_code, rule_code).
-- Sources: int_branch_calendar, int_activities, seed_cadence_rules, seed_thresholds.
-- is_required = owed ∧ ended by as_of ∧ the rule's condition holds in s (committee_monthly:
-- full members ≥ 7; group_monthly: an active 党小组, one pair per branch-month however many groups).
-- is_met: at least one activity of the rule's type of the branch in s that is not halted
-- (year_end_report: a 支部党员大会 tagged 年度组织生活通报 started in November or December of the year).
with branch_calendar as (
  select * from int_branch_calendar
),

activities as (
  select * from int_activities
),

rules as (
  select * from seed_cadence_rules
),

thresholds as (
  select * from seed_thresholds
),

matches as (
  select
    a.branch_code,
    r.rule_code,
    case r.period_kind
      when 'month' then a.month_code
      when 'quarter' then a.quarter_code
      when 'year' then a.year_code
    end as period_code,
    a.activity_id,
    a.started_at
  from activities as a
  join rules as r on r.activity_type = a.activity_type
  where not a.is_halted
    and (r.required_tag is null or list_contains(a.content_tags, r.required_tag))
    and (r.started_months is null or list_contains(r.started_months, month(a.started_at)::integer))
),

met as (
  select
    branch_code,
    period_code,
    rule_code,
    count(*)::integer as n_matching_activities,
    first(activity_id order by started_at, activity_id) as met_activity_id
  from matches
  group by branch_code, period_code, rule_code
),

cells as (
  select
    c.branch_code,
    c.period_code,
    c.period_kind,
    c.start_on,
    c.end_on,
    r.rule_code,
    r.sort_order as rule_order,
    c.is_owed,
    c.is_ended,
    case r.condition_code
      when 'always' then true
      when 'committee_size' then c.n_full_members >= t.committee_min_full_members
      when 'has_group' then c.has_active_group
    end as is_condition_met,
    c.n_full_members,
    c.has_active_group
  from branch_calendar as c
  join rules as r on r.period_kind = c.period_kind
  cross join thresholds as t
),

final as (
  select
    c.branch_code,
    c.period_code,
    c.rule_code,
    c.period_kind,
    c.start_on,
    c.end_on,
    c.rule_order,
    c.is_owed,
    c.is_ended,
    coalesce(c.is_condition_met, false) as is_condition_met,
    c.is_owed and c.is_ended and coalesce(c.is_condition_met, false) as is_required,
    m.met_activity_id is not null as is_met,
    m.met_activity_id,
    coalesce(m.n_matching_activities, 0) as n_matching_activities,
    c.n_full_members,
    c.has_active_group
  from cells as c
  left join met as m
    on m.branch_code = c.branch_code and m.period_code = c.period_code and m.rule_code = c.rule_code
)

select * from final

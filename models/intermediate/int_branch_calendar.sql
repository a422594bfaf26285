-- int_branch_calendar: the calendar periods in which each branch is active, whether it owes them,
-- and (for months) the two facts the cadence conditions need.
-- Grain: one row per branch × calendar period (month, quarter, year) in which the branch exists on
-- at least one day. Key: (branch_code, period_code).
-- Sources: int_branches, int_calendar, stg_members, stg_org_units.
-- is_owed: the branch exists on the period's last day (a branch founded on 15 April owes April,
-- Q2 and the year; one dissolved on 30 June owes June and Q2 but not the year).
-- n_full_members (months): members with status 正式党员 whose branch window touches the month
-- (joined_branch_on null or ≤ month end, left_branch_on null or ≥ month start). Counted set-based:
-- +1 in the joining month, −1 in the month after leaving, a running sum, read back by ASOF join.
-- has_active_group (months): a 党小组 whose parent is the branch exists on a day of the month.
with branches as (
  select * from int_branches
),

calendar as (
  select * from int_calendar
),

members as (
  select * from stg_members
),

org_units as (
  select * from stg_org_units
),

grid as (
  select
    b.branch_code,
    c.period_code,
    c.period_kind,
    c.start_on,
    c.end_on,
    c.is_ended,
    (b.established_on is null or b.established_on <= c.end_on)
      and (b.dissolved_on is null or b.dissolved_on >= c.end_on) as is_owed,
    year(c.start_on) * 12 + month(c.start_on) - 1 as month_index
  from branches as b
  cross join calendar as c
  where (b.established_on is null or b.established_on <= c.end_on)
    and (b.dissolved_on is null or b.dissolved_on >= c.start_on)
),

full_member_spans as (
  select
    branch_code,
    coalesce(year(joined_branch_on) * 12 + month(joined_branch_on) - 1, 0) as first_index,
    year(left_branch_on) * 12 + month(left_branch_on) - 1 as last_index
  from members
  where is_full_member
),

membership_steps as (
  select branch_code, first_index as month_index, 1 as delta
  from full_member_spans
  where last_index is null or last_index >= first_index
  union all
  select branch_code, last_index + 1, -1
  from full_member_spans
  where last_index is not null and last_index >= first_index
),

membership_counts as (
  select
    branch_code,
    month_index,
    sum(sum(delta)) over (partition by branch_code order by month_index rows unbounded preceding)::integer as n_full_members
  from membership_steps
  group by branch_code, month_index
),

month_members as (
  select g.branch_code, g.period_code, coalesce(m.n_full_members, 0) as n_full_members
  from (select * from grid where period_kind = 'month') as g
  asof left join membership_counts as m
    on m.branch_code = g.branch_code and g.month_index >= m.month_index
),

groups as (
  select org_code as group_code, parent_code as branch_code, established_on, dissolved_on
  from org_units
  where org_type = '党小组'
),

month_groups as (
  select distinct g.branch_code, g.period_code
  from (select * from grid where period_kind = 'month') as g
  join groups as p
    on p.branch_code = g.branch_code
   and (p.established_on is null or p.established_on <= g.end_on)
   and (p.dissolved_on is null or p.dissolved_on >= g.start_on)
),

final as (
  select
    g.branch_code,
    g.period_code,
    g.period_kind,
    g.start_on,
    g.end_on,
    g.is_owed,
    g.is_ended,
    mm.n_full_members,
    case when g.period_kind = 'month' then mg.branch_code is not null end as has_active_group
  from grid as g
  left join month_members as mm on mm.branch_code = g.branch_code and mm.period_code = g.period_code
  left join month_groups as mg on mg.branch_code = g.branch_code and mg.period_code = g.period_code
)

select * from final

-- int_halted_activities: halted activities (any observation with halted = 是) and their redo
-- (an activity whose redo_of names it, started at or after it).
-- Grain: one row per halted activity. Key: activity_id.
-- Sources: int_activities, int_params, seed_thresholds.
-- is_redone_in_time: a redo started within redo_within_days (30) days, counted on dates.
-- is_unresolved: no redo within the 30 days in the data (the A06 / rating-rule failure), to the
--   letter of indicators.md, whose A06 and rating rule name no as_of (unlike A01 and A10): a halt
--   of last week with no redo yet is unresolved as of today.
-- is_redo_window_open: unresolved while its 30 days are still running at as_of (a redo may still
--   come in time); said in A06's message.
with activities as (
  select * from int_activities
),

params as (
  select * from int_params
),

thresholds as (
  select * from seed_thresholds
),

halted as (
  select * from activities where is_halted
),

redos as (
  select
    h.activity_id,
    first(r.activity_id order by r.started_at, r.activity_id) as redo_activity_id,
    min(r.started_at) as redo_started_at
  from halted as h
  join activities as r on r.redo_of = h.activity_id and r.started_at >= h.started_at
  group by h.activity_id
),

final as (
  select
    h.activity_id,
    h.branch_code,
    h.activity_type,
    h.title,
    h.started_at,
    h.started_on,
    h.month_code,
    h.quarter_code,
    h.year_code,
    r.redo_activity_id,
    r.redo_started_at,
    date_diff('day', h.started_on, r.redo_started_at::date)::integer as days_to_redo,
    coalesce(date_diff('day', h.started_on, r.redo_started_at::date) <= t.redo_within_days, false) as is_redone_in_time,
    not coalesce(date_diff('day', h.started_on, r.redo_started_at::date) <= t.redo_within_days, false)
      and date_diff('day', h.started_on, p.as_of) < t.redo_within_days as is_redo_window_open,
    not coalesce(date_diff('day', h.started_on, r.redo_started_at::date) <= t.redo_within_days, false) as is_unresolved
  from halted as h
  cross join params as p
  cross join thresholds as t
  left join redos as r on r.activity_id = h.activity_id
)

select * from final

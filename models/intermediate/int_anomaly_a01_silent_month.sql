-- int_anomaly_a01_silent_month: A01 (high) — a branch active in a month (exists on any day of
-- it) that has ended by as_of held no activity at all that month (halted ones count).
-- The months checked are the reported months of the warehouse (int_calendar.is_reported: from the
-- month of the warehouse's first activity), whenever the branch's own university's data starts.
-- Grain: one row per branch per silent month. Key: (branch_code, period).
-- Sources: int_branch_calendar, int_calendar, int_activities, int_branches.
with branch_calendar as (
  select * from int_branch_calendar
),

activities as (
  select * from int_activities
),

branches as (
  select * from int_branches
),

calendar as (
  select * from int_calendar
),

checked_months as (
  select bc.branch_code, bc.period_code as month_code, bc.start_on::timestamp as start_at
  from branch_calendar as bc
  join calendar as c on c.period_code = bc.period_code
  where bc.period_kind = 'month'
    and bc.is_ended
    and c.is_reported
),

active_months as (
  select distinct branch_code, month_code from activities
),

silent as (
  select m.*
  from checked_months as m
  anti join active_months as a on a.branch_code = m.branch_code and a.month_code = m.month_code
),

-- one activity per branch and start time (the greatest id), so that the evidence is the same
-- every build when two activities start at the same moment (an ASOF join picks any of a tie)
latest_at as (
  select branch_code, started_at, max(activity_id) as activity_id, any_value(started_on) as started_on
  from activities
  group by branch_code, started_at
),

-- the branch's latest activity before the silent month, for the analyst
with_last as (
  select s.*, a.activity_id as last_activity_id, a.started_on as last_activity_on
  from silent as s
  asof left join latest_at as a
    on a.branch_code = s.branch_code and s.start_at > a.started_at
),

final as (
  select
    'A01_silent_month' as code,
    'high' as severity,
    w.branch_code,
    w.month_code as period,
    'month' as period_kind,
    null::varchar as activity_id,
    null::varchar as member_id,
    to_json({
      'months': [w.month_code],
      'last_activity_id': w.last_activity_id,
      'last_activity_on': w.last_activity_on
    }) as evidence,
    printf('支部 %s（%s）在 %s 没有开展任何组织生活%s',
      b.branch_name, w.branch_code, w.month_code,
      case when w.last_activity_id is null then '，此前也没有活动记录'
           else printf('；此前最近一次活动是 %s（%s）', w.last_activity_id, strftime(w.last_activity_on, '%Y-%m-%d')) end
    ) as message
  from with_last as w
  join branches as b on b.branch_code = w.branch_code
)

select * from final

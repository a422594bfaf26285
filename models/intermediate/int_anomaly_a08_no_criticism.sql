-- int_anomaly_a08_no_criticism: A08 (medium) — a 组织生活会 that recorded no mutual criticism
-- (criticism_count = 0; an unknown count does not fire).
-- Grain: one row per activity. Key: activity_id. Sources: int_activities, int_branches.
with activities as (
  select * from int_activities
),

branches as (
  select * from int_branches
),

silent_meetings as (
  select *
  from activities
  where activity_type = '组织生活会'
    and criticism_count = 0
),

final as (
  select
    'A08_no_criticism' as code,
    'medium' as severity,
    s.branch_code,
    s.month_code as period,
    'month' as period_kind,
    s.activity_id,
    null::varchar as member_id,
    to_json({
      'activity_ids': [s.activity_id],
      'months': [s.month_code],
      'criticism_count': s.criticism_count
    }) as evidence,
    printf('支部 %s（%s）的组织生活会 %s（%s）没有记录任何相互批评意见',
      b.branch_name, s.branch_code, s.activity_id, strftime(s.started_on, '%Y-%m-%d')) as message
  from silent_meetings as s
  join branches as b on b.branch_code = s.branch_code
)

select * from final

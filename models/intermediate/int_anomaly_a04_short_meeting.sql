-- int_anomaly_a04_short_meeting: A04 (medium) — a meeting of the a04_activity_types
-- (支部党员大会, 党课, 组织生活会, 民主评议党员) that lasted less than a04_min_minutes (30)
-- minutes, ended_at − started_at. An activity without ended_at cannot be judged: never fires.
-- Grain: one row per activity. Key: activity_id.
-- Sources: int_activities, int_branches, seed_thresholds.
with activities as (
  select * from int_activities
),

branches as (
  select * from int_branches
),

thresholds as (
  select * from seed_thresholds
),

short as (
  select a.*, date_diff('second', a.started_at, a.ended_at) as duration_seconds
  from activities as a
  cross join thresholds as t
  where list_contains(t.a04_activity_types, a.activity_type)
    and a.ended_at is not null
    and a.ended_at - a.started_at < t.a04_min_minutes * interval 1 minute
),

final as (
  select
    'A04_short_meeting' as code,
    'medium' as severity,
    s.branch_code,
    s.month_code as period,
    'month' as period_kind,
    s.activity_id,
    null::varchar as member_id,
    to_json({
      'activity_ids': [s.activity_id],
      'months': [s.month_code],
      'started_at': strftime(s.started_at, '%Y-%m-%d %H:%M:%S'),
      'ended_at': strftime(s.ended_at, '%Y-%m-%d %H:%M:%S'),
      'duration_seconds': s.duration_seconds
    }) as evidence,
    printf('支部 %s（%s）的%s %s（%s）只开了 %s，不足 %d 分钟',
      b.branch_name, s.branch_code, s.activity_type, s.activity_id, strftime(s.started_on, '%Y-%m-%d'),
      case when s.duration_seconds % 60 = 0 then printf('%d 分钟', s.duration_seconds // 60)
           else printf('%d 分 %d 秒', s.duration_seconds // 60, s.duration_seconds % 60) end,
      t.a04_min_minutes) as message
  from short as s
  cross join thresholds as t
  join branches as b on b.branch_code = s.branch_code
)

select * from final

-- int_anomaly_a03_uniform_sign_in: A03 (medium) — an activity with at least a03_min_attended
-- (10) 出席 rows, no 请假 or 缺席 row, and every sign-in time of its attendance rows within the
-- same minute (a sign-in sheet filled in at once rather than by the members).
-- "Every sign-in time": the times of all the activity's rows that have one, 列席 rows included
-- (a row without a time has none to compare, 出席 or 列席; at least one time is needed). "The
-- same minute" is the same clock minute (date_trunc), so 14:30:59 and 14:31:00 differ.
-- Grain: one row per activity. Key: activity_id.
-- Sources: int_activities, int_activity_attendance, int_branches, seed_thresholds.
with activities as (
  select * from int_activities
),

rolls as (
  select * from int_activity_attendance
),

branches as (
  select * from int_branches
),

thresholds as (
  select * from seed_thresholds
),

uniform as (
  -- truncation keeps order: the minutes of the first and last sign-in bound all the others
  select a.*, date_trunc('minute', r.first_signed_in_at) as first_sign_in_minute
  from activities as a
  join rolls as r on r.activity_id = a.activity_id
  cross join thresholds as t
  where a.n_attended >= t.a03_min_attended
    and a.n_on_leave = 0
    and a.n_absent = 0
    and date_trunc('minute', r.first_signed_in_at) = date_trunc('minute', r.last_signed_in_at)
),

final as (
  select
    'A03_uniform_sign_in' as code,
    'medium' as severity,
    u.branch_code,
    u.month_code as period,
    'month' as period_kind,
    u.activity_id,
    null::varchar as member_id,
    to_json({
      'activity_ids': [u.activity_id],
      'months': [u.month_code],
      'n_attended': u.n_attended,
      'sign_in_minute': strftime(u.first_sign_in_minute, '%Y-%m-%d %H:%M')
    }) as evidence,
    printf('支部 %s（%s）的活动 %s（%s %s）%d 人出席、无人请假或缺席，签到时间全部在 %s 这一分钟内',
      b.branch_name, u.branch_code, u.activity_id, strftime(u.started_on, '%Y-%m-%d'), u.activity_type,
      u.n_attended, strftime(u.first_sign_in_minute, '%H:%M')) as message
  from uniform as u
  join branches as b on b.branch_code = u.branch_code
)

select * from final

-- int_anomaly_activity_facts: what the attendance rows of one activity show beyond its roll
-- counts, for the activity-level anomaly rules A03 (uniform sign-in) and A11 (sign-in outside).
-- Grain: one row per activity of int_activities (started on or before as_of) that has
-- attendance rows. Key: activity_id. Sources: int_activities, stg_attendance, seed_thresholds.
-- One pass over the attendance rows (35 M at province scale): the first and last sign-in minute
-- over every row that has a sign-in time (any status, 列席 included: indicators.md's "every
-- sign-in time"), and the rows signed in more than a11_max_hours_outside hours before the start
-- or after a known end (any status).
with activities as (
  select activity_id, started_at, ended_at from int_activities
),

attendance as (
  select activity_id, member_id, attendance_status, signed_in_at from stg_attendance
),

thresholds as (
  select * from seed_thresholds
),

rows_with_times as (
  select
    att.activity_id,
    att.member_id,
    att.attendance_status,
    att.signed_in_at,
    coalesce(
      att.signed_in_at < act.started_at - t.a11_max_hours_outside * interval 1 hour
        or att.signed_in_at > act.ended_at + t.a11_max_hours_outside * interval 1 hour,
      false) as is_sign_in_outside
  from attendance as att
  join activities as act on act.activity_id = att.activity_id
  cross join thresholds as t
),

final as (
  select
    activity_id,
    -- truncation keeps order, so the minutes of the first and last sign-in bound them all
    date_trunc('minute', min(signed_in_at)) as first_sign_in_minute,
    date_trunc('minute', max(signed_in_at)) as last_sign_in_minute,
    count_if(is_sign_in_outside)::integer as n_sign_in_outside,
    -- unordered here (an ordered aggregate would sort every row); A11 sorts the few it reports
    list({'signed_in_at': signed_in_at, 'member_id': member_id}) filter (where is_sign_in_outside) as sign_ins_outside
  from rows_with_times
  group by activity_id
)

select * from final

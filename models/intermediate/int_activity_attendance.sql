-- int_activity_attendance: the roll of each activity counted from its attendance rows (never
-- from the header counts). expected = 出席 + 请假 + 缺席 rows; 列席 rows are not expected.
-- first_signed_in_at / last_signed_in_at: the earliest and latest sign-in time over every row
-- that has one (any status, 列席 included): they bound all the sign-ins, which is all A03 (one
-- minute) and A11 (any sign-in outside the hours) need to pick their few activities, in this one
-- pass over the attendance rows (32 M at province scale) without a join.
-- Grain: one row per activity with at least one attendance row. Key: activity_id.
-- Source: stg_attendance.
with attendance as (
  select * from stg_attendance
),

final as (
  select
    activity_id,
    count_if(attendance_status in ('出席', '请假', '缺席'))::integer as n_expected,
    count_if(attendance_status = '出席')::integer as n_attended,
    count_if(attendance_status = '请假')::integer as n_on_leave,
    count_if(attendance_status = '缺席')::integer as n_absent,
    count_if(attendance_status = '列席')::integer as n_sitting_in,
    min(signed_in_at) as first_signed_in_at,
    max(signed_in_at) as last_signed_in_at
  from attendance
  group by activity_id
)

select * from final

-- int_anomaly_a11_sign_in_outside: A11 (low) — sign-ins more than a11_max_hours_outside (2)
-- hours before the start or after the end of the activity (rows of any status).
-- Reading: one anomaly per activity listing every such sign-in (a back-filled sheet is one
-- finding, not thirty); "after the end" needs ended_at, so an activity without one is
-- checked only against its start.
-- Grain: one row per activity. Key: activity_id.
-- The activities come first, from the bounds of their sign-ins (int_activities.has_sign_in_outside:
-- the earliest too early or the latest too late); only their attendance rows are then read.
-- Sources: int_activities, stg_attendance, int_branches, seed_thresholds.
with activities as (
  select * from int_activities
),

attendance as (
  select activity_id, member_id, signed_in_at from stg_attendance
),

branches as (
  select * from int_branches
),

thresholds as (
  select * from seed_thresholds
),

-- one table's rows under a filter, not a join: inside a first load's transaction the planner
-- believes the attendance has no rows and any join has one, and would then hash all 30 M
-- attendance rows to probe them with the few flagged ids (3.6 s against 0.1 s)
flagged as (
  select activity_id, started_at, ended_at
  from activities
  where has_sign_in_outside
),

-- their rows, by a semi join: the few flagged ids are what is hashed
flagged_rows as (
  select activity_id, member_id, signed_in_at
  from attendance
  where activity_id in (select activity_id from flagged)
),

facts as (
  select
    f.activity_id,
    count(*)::integer as n_sign_in_outside,
    list_sort(list({'signed_in_at': att.signed_in_at, 'member_id': att.member_id})) as sign_ins_outside  -- by time, then member
  from flagged as f
  join flagged_rows as att on att.activity_id = f.activity_id
  cross join thresholds as t
  where att.signed_in_at < f.started_at - t.a11_max_hours_outside * interval 1 hour
     or att.signed_in_at > f.ended_at + t.a11_max_hours_outside * interval 1 hour
  group by f.activity_id
),

final as (
  select
    'A11_sign_in_outside' as code,
    'low' as severity,
    a.branch_code,
    a.month_code as period,
    'month' as period_kind,
    a.activity_id,
    null::varchar as member_id,
    to_json({
      'activity_ids': [a.activity_id],
      'member_ids': list_transform(f.sign_ins_outside, s -> s.member_id),
      'months': [a.month_code],
      'started_at': strftime(a.started_at, '%Y-%m-%d %H:%M:%S'),
      'ended_at': strftime(a.ended_at, '%Y-%m-%d %H:%M:%S'),
      'sign_ins': list_transform(f.sign_ins_outside,
        s -> {'member_id': s.member_id, 'signed_in_at': strftime(s.signed_in_at, '%Y-%m-%d %H:%M:%S')})
    }) as evidence,
    printf('支部 %s（%s）的活动 %s（%s %s）有 %d 条签到早于开始或晚于结束 %s 小时以上，最早 %s，最晚 %s',
      b.branch_name, a.branch_code, a.activity_id, strftime(a.started_at, '%Y-%m-%d %H:%M'), a.activity_type,
      f.n_sign_in_outside, regexp_replace(printf('%.2f', t.a11_max_hours_outside), '\.?0+$', ''),
      strftime(f.sign_ins_outside[1].signed_in_at, '%Y-%m-%d %H:%M'),
      strftime(f.sign_ins_outside[-1].signed_in_at, '%Y-%m-%d %H:%M')) as message
  from facts as f
  join activities as a on a.activity_id = f.activity_id
  join branches as b on b.branch_code = a.branch_code
  cross join thresholds as t
)

select * from final

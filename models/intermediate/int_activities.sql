-- int_activities: the activities counted as of as_of (started on or before it), with their
-- periods, roll counts, halt and content flags.
-- Grain: one row per activity. Key: activity_id.
-- Sources: stg_activities, stg_observations, int_activity_attendance, int_params, seed_thresholds.
-- is_halted: any observation of it has halted = 是. is_political: any tag in the political tags.
-- is_online: mode 线上 or 线上线下结合. Roll counts are 0 when the activity has no attendance rows.
-- has_sign_in_outside: its earliest sign-in is more than a11_max_hours_outside before the start
-- or its latest that much after the end (A11 reads the rows of these activities only).
with activities as (
  select * from stg_activities
),

observations as (
  select * from stg_observations
),

rolls as (
  select * from int_activity_attendance
),

params as (
  select * from int_params
),

thresholds as (
  select * from seed_thresholds
),

observed as (
  select
    activity_id,
    count(*)::integer as n_observations,
    bool_or(halted) as is_halted
  from observations
  group by activity_id
),

final as (
  select
    a.activity_id,
    a.branch_code,
    a.group_code,
    a.activity_type,
    a.title,
    a.started_at,
    a.ended_at,
    a.started_on,
    strftime(a.started_on, '%Y-%m') as month_code,
    year(a.started_on) || 'Q' || quarter(a.started_on) as quarter_code,
    year(a.started_on)::varchar as year_code,
    a.mode,
    a.content_tags,
    a.criticism_count,
    a.redo_of,
    a.attended_count,
    coalesce(o.is_halted, false) as is_halted,
    coalesce(o.n_observations, 0) as n_observations,
    list_has_any(a.content_tags, t.political_tags) as is_political,
    list_contains(t.online_modes, a.mode) as is_online,
    coalesce(r.n_expected, 0) as n_expected,
    coalesce(r.n_attended, 0) as n_attended,
    coalesce(r.n_on_leave, 0) as n_on_leave,
    coalesce(r.n_absent, 0) as n_absent,
    coalesce(r.n_sitting_in, 0) as n_sitting_in,
    coalesce(
      r.first_signed_in_at < a.started_at - t.a11_max_hours_outside * interval 1 hour
      or r.last_signed_in_at > a.ended_at + t.a11_max_hours_outside * interval 1 hour,
      false
    ) as has_sign_in_outside
  from activities as a
  cross join params as p
  cross join thresholds as t
  left join observed as o on o.activity_id = a.activity_id
  left join rolls as r on r.activity_id = a.activity_id
  where a.started_on <= p.as_of
)

select * from final

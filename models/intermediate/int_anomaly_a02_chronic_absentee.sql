-- int_anomaly_a02_chronic_absentee: A02 (high) — in the a02_window_months (6) months ending at a
-- month end, a member has at least a02_min_expected (3) expected rows (出席/请假/缺席) and none of
-- them is 出席 or 请假: absent without leave throughout (Party Constitution, Art. 9).
-- Evaluated for the window ending at every month ended by as_of (the end of a month P), and,
-- when as_of falls inside a month, for the window ending at as_of itself (indicators.md: "the
-- 6 months ending at the end of P (or as_of)"): the days from as_of + 1 day − 6 months to as_of,
-- so the data of the month still running counts. The anomaly's period is the window's last
-- month (as_of's month for the as_of window). The member is attributed to their branch
-- (stg_members.branch_code). The rule names no membership and looks at the rows only: a member
-- who left the branch during the window, or joined it after, still fires when their expected
-- rows in the window qualify.
-- Set-based for 35 M attendance rows, with no sort of the member-months:
--   1. aggregate per member-month (counts only: a list per group costs more than the rest of
--      the model together, for 12 M member-months of which a few thousand fire);
--   2. a firing window holds only months where the member was neither present nor excused
--      ("bad" months), and its end is a bad month or follows one by < 6 months (absent Jan–Mar
--      and no rows since: the windows ending Apr–Jun fire too), so the candidate window ends are
--      the bad months shifted by 0–5 months — a small set;
--   3. a candidate fires when no month with a 出席/请假 row lies in its 6 months and its bad
--      months hold ≥ 3 expected rows;
--   4. the evidence (the 缺席 activities of a firing window) is read for the firing members only.
-- Grain: one row per member per window-end month. Key: (member_id, period).
-- Sources: stg_attendance, int_activities, stg_members, int_calendar, int_params, int_branches, seed_thresholds.
-- not materialized: each use scans the table with its own filter (a materialized copy of
-- 32 M rows costs more than the scans)
with attendance as not materialized (
  select activity_id, member_id, attendance_status
  from stg_attendance
  where attendance_status in ('出席', '请假', '缺席')
),

activities as not materialized (
  select activity_id, started_at, started_on, year(started_on) * 12 + month(started_on) - 1 as month_index
  from int_activities
),

params as (
  select * from int_params
),

members as (
  select * from stg_members
),

calendar as (
  select * from int_calendar
),

branches as (
  select * from int_branches
),

thresholds as (
  select * from seed_thresholds
),

-- months are numbered year × 12 + month − 1, so a window is a range of integers
last_ended as (
  select max(year(start_on) * 12 + month(start_on) - 1) as month_index
  from calendar
  where period_kind = 'month' and is_ended
),

member_months as (
  select
    att.member_id,
    act.month_index,
    count(*) as n_expected,
    count_if(att.attendance_status in ('出席', '请假')) as n_present_or_excused
  from attendance as att
  join activities as act on act.activity_id = att.activity_id
  group by att.member_id, act.month_index
),

bad_months as (
  select member_id, month_index, n_expected
  from member_months
  where n_present_or_excused = 0
),

candidate_ends as (
  select distinct b.member_id, b.month_index + s.shift as window_end_index
  from bad_months as b
  cross join thresholds as t
  cross join unnest(range(t.a02_window_months)) as s(shift)
  where b.month_index + s.shift <= (select month_index from last_ended)
),

-- a window fires when no month with a 出席/请假 row falls inside it …
excused_ends as (
  select distinct c.member_id, c.window_end_index
  from candidate_ends as c
  cross join thresholds as t
  join member_months as m
    on m.member_id = c.member_id
   and m.month_index between c.window_end_index - t.a02_window_months + 1 and c.window_end_index
  where m.n_present_or_excused > 0
),

-- … and its bad months hold enough expected rows
windows as (
  select
    c.member_id,
    c.window_end_index,
    sum(b.n_expected) as n_expected
  from candidate_ends as c
  cross join thresholds as t
  join bad_months as b
    on b.member_id = c.member_id
   and b.month_index between c.window_end_index - t.a02_window_months + 1 and c.window_end_index
  where not exists (
    select 1 from excused_ends as x
    where x.member_id = c.member_id and x.window_end_index = c.window_end_index
  )
  group by c.member_id, c.window_end_index
  having sum(b.n_expected) >= any_value(t.a02_min_expected)
),

-- the 缺席 rows of the firing members, with their months; materialized with equality joins
-- only, so that the planner cannot pair windows and activities by month alone (inside the
-- ingest's transaction it sees no row counts for the models it just built)
absent_rows as materialized (
  select att.member_id, act.month_index, act.started_at, act.activity_id
  from attendance as att
  join activities as act on act.activity_id = att.activity_id
  where att.attendance_status = '缺席'
    and att.member_id in (select member_id from windows)
),

-- the 缺席 rows of a firing window: every expected row in it is one (its months are all bad)
window_absences as (
  select
    w.member_id,
    w.window_end_index,
    list_sort(list({'started_at': a.started_at, 'activity_id': a.activity_id})) as absences
  from windows as w
  cross join thresholds as t
  join absent_rows as a
    on a.member_id = w.member_id
   and a.month_index between w.window_end_index - t.a02_window_months + 1 and w.window_end_index
  group by w.member_id, w.window_end_index
),

-- windows ending at month ends: named by their first and last month
month_windows as (
  select
    w.member_id,
    make_date((w.window_end_index // 12)::integer, (w.window_end_index % 12 + 1)::integer, 1) as window_end_on,
    w.n_expected,
    coalesce(a.absences, []) as absences,
    strftime(make_date((w.window_end_index // 12)::integer, (w.window_end_index % 12 + 1)::integer, 1)
      - to_months(t.a02_window_months - 1), '%Y-%m') as window_from,
    strftime(make_date((w.window_end_index // 12)::integer, (w.window_end_index % 12 + 1)::integer, 1), '%Y-%m') as window_to
  from windows as w
  cross join thresholds as t
  left join window_absences as a on a.member_id = w.member_id and a.window_end_index = w.window_end_index
),

-- the window ending at as_of, when as_of falls inside a month (a month end is a window above)
as_of_window as (
  select
    p.as_of,
    (p.as_of + interval 1 day - to_months(t.a02_window_months))::date as window_start_on
  from params as p
  cross join thresholds as t
  where p.as_of < last_day(p.as_of)
),

as_of_windows as (
  select
    att.member_id,
    date_trunc('month', w.as_of)::date as window_end_on,
    count(*) as n_expected,
    list_sort(list({'started_at': act.started_at, 'activity_id': act.activity_id})
      filter (where att.attendance_status = '缺席')) as absences,
    strftime(w.window_start_on, '%Y-%m-%d') as window_from,
    strftime(w.as_of, '%Y-%m-%d') as window_to
  from attendance as att
  join activities as act on act.activity_id = att.activity_id
  join as_of_window as w on act.started_on between w.window_start_on and w.as_of
  group by att.member_id, w.as_of, w.window_start_on
  having count_if(att.attendance_status in ('出席', '请假')) = 0
),

firing as (
  select
    w.member_id,
    w.window_end_on,
    w.n_expected::integer as n_expected,
    w.absences,
    w.window_from,
    w.window_to,
    m.branch_code,
    m.member_name_masked
  from (select * from month_windows union all by name select * from as_of_windows) as w
  cross join thresholds as t
  join members as m on m.member_id = w.member_id
  where w.n_expected >= t.a02_min_expected
),

final as (
  select
    'A02_chronic_absentee' as code,
    'high' as severity,
    f.branch_code,
    strftime(f.window_end_on, '%Y-%m') as period,
    'month' as period_kind,
    null::varchar as activity_id,
    f.member_id,
    to_json({
      'member_ids': [f.member_id],
      'activity_ids': list_transform(f.absences, x -> x.activity_id),
      'months': list_sort(list_distinct(list_transform(f.absences, x -> strftime(x.started_at, '%Y-%m')))),
      'window': [f.window_from, f.window_to],
      'n_expected': f.n_expected
    }) as evidence,
    printf('支部 %s（%s）党员 %s（%s）在 %s 至 %s 的 %d 个月内应参加 %d 次组织生活，全部缺席且未请假',
      b.branch_name, f.branch_code, f.member_name_masked, f.member_id,
      f.window_from, f.window_to,
      t.a02_window_months, f.n_expected) as message
  from firing as f
  join branches as b on b.branch_code = f.branch_code
  cross join thresholds as t
)

select * from final

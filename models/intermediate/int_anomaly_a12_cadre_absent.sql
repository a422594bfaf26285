-- int_anomaly_a12_cadre_absent: A12 (medium) — a leading cadre (is_leading_cadre) who did not
-- meet a quarter: no 出席 row at an activity of their own branch in the quarter (halted ones
-- included) with as_ordinary_member not 否. Only quarters ended by as_of in which the cadre
-- belongs to the branch: the pairs of int_cadre_quarters (is_required and not is_met), so this
-- agrees with dual_life_rate.
-- Grain: one row per cadre per quarter. Key: (member_id, period).
-- Sources: int_cadre_quarters, stg_attendance, int_activities, int_branches.
with cadre_quarters as (
  select * from int_cadre_quarters
),

attendance as (
  select * from stg_attendance
),

activities as (
  select * from int_activities
),

branches as (
  select * from int_branches
),

missed as (
  select * from cadre_quarters where is_required and not is_met
),

branch_quarter_activities as (
  select a.branch_code, a.quarter_code, count(*)::integer as n_activities
  from activities as a
  join (select distinct branch_code, quarter_code from missed) as m
    on m.branch_code = a.branch_code and m.quarter_code = a.quarter_code
  group by a.branch_code, a.quarter_code
),

-- the missing cadres' rows first, by a semi join on the few of them (see int_cadre_quarters)
missed_attendance as (
  select * from attendance where member_id in (select member_id from missed)
),

-- the cadre's own rows at own-branch activities in the quarter
cadre_rows as (
  select
    m.member_id,
    m.quarter_code,
    list({
      'activity_id': a.activity_id,
      'started_on': a.started_on,
      'attendance_status': t.attendance_status,
      'as_ordinary_member': t.as_ordinary_member
    } order by a.started_at, a.activity_id) as rows
  from missed_attendance as t
  join missed as m on m.member_id = t.member_id
  join activities as a
    on a.activity_id = t.activity_id and a.branch_code = m.branch_code and a.quarter_code = m.quarter_code
  group by m.member_id, m.quarter_code
),

final as (
  select
    'A12_cadre_absent' as code,
    'medium' as severity,
    m.branch_code,
    m.quarter_code as period,
    'quarter' as period_kind,
    null::varchar as activity_id,
    m.member_id,
    to_json({
      'member_ids': [m.member_id],
      'activity_ids': coalesce(list_transform(r.rows, x -> x.activity_id), []),
      'months': [strftime(m.start_on, '%Y-%m'), strftime(m.start_on + interval 1 month, '%Y-%m'),
                 strftime(m.start_on + interval 2 month, '%Y-%m')],
      'n_branch_activities': coalesce(q.n_activities, 0),
      'rows': coalesce(r.rows, [])
    }) as evidence,
    printf('支部 %s（%s）党员领导干部 %s（%s）%s 没有以普通党员身份参加本支部组织生活：本支部该季度活动 %d 次，其出席 %d 次%s、请假 %d 次、缺席 %d 次',
      b.branch_name, m.branch_code, m.member_name_masked, m.member_id, m.quarter_code,
      coalesce(q.n_activities, 0), m.n_attended_rows,
      case when m.n_attended_rows > 0 then '（均注明非普通党员身份）' else '' end,
      m.n_on_leave_rows, m.n_expected_rows - m.n_attended_rows - m.n_on_leave_rows) as message
  from missed as m
  join branches as b on b.branch_code = m.branch_code
  left join branch_quarter_activities as q on q.branch_code = m.branch_code and q.quarter_code = m.quarter_code
  left join cadre_rows as r on r.member_id = m.member_id and r.quarter_code = m.quarter_code
)

select * from final

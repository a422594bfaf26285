-- int_anomaly_a05_count_mismatch: A05 (low) — the header's attended_count (实到人数) is present
-- and differs from attended(a), the number of 出席 attendance rows (0 when the activity has no
-- attendance rows at all; 列席 rows are not attended).
-- Grain: one row per activity. Key: activity_id. Sources: int_activities, int_branches.
with activities as (
  select * from int_activities
),

branches as (
  select * from int_branches
),

mismatched as (
  select *
  from activities
  where attended_count is not null
    and attended_count <> n_attended
),

final as (
  select
    'A05_count_mismatch' as code,
    'low' as severity,
    m.branch_code,
    m.month_code as period,
    'month' as period_kind,
    m.activity_id,
    null::varchar as member_id,
    to_json({
      'activity_ids': [m.activity_id],
      'months': [m.month_code],
      'attended_count': m.attended_count,
      'attended_rows': m.n_attended
    }) as evidence,
    printf('支部 %s（%s）的活动 %s（%s %s）登记实到 %d 人，参会记录中出席 %d 人',
      b.branch_name, m.branch_code, m.activity_id, strftime(m.started_on, '%Y-%m-%d'), m.activity_type,
      m.attended_count, m.n_attended) as message
  from mismatched as m
  join branches as b on b.branch_code = m.branch_code
)

select * from final

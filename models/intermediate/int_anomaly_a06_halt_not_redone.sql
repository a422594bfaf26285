-- int_anomaly_a06_halt_not_redone: A06 (high) — a halted (叫停) activity with no redo within
-- redo_within_days (30) days: no activity whose redo_of names it started on day 0–30 after it
-- (day 30 still counts, day 31 is late). To the letter of indicators.md (the rule names no as_of):
-- a halt whose 30 days are still running at as_of and has no redo yet fires too, and its message
-- says the deadline has not passed (int_halted_activities.is_redo_window_open). The same test
-- decides the rating rule (A07), so both agree.
-- Grain: one row per halted activity. Key: activity_id.
-- Sources: int_halted_activities, int_observations, int_branches, int_params, seed_thresholds.
with halted_activities as (
  select * from int_halted_activities
),

observations as (
  select * from int_observations
),

branches as (
  select * from int_branches
),

params as (
  select * from int_params
),

thresholds as (
  select * from seed_thresholds
),

halting_observations as (
  select activity_id, list(observation_id order by observation_id) as observation_ids
  from observations
  where halted
  group by activity_id
),

unresolved as (
  select h.*, o.observation_ids, (h.started_on + t.redo_within_days) as redo_deadline_on
  from halted_activities as h
  join halting_observations as o on o.activity_id = h.activity_id
  cross join thresholds as t
  where h.is_unresolved
),

final as (
  select
    'A06_halt_not_redone' as code,
    'high' as severity,
    u.branch_code,
    u.month_code as period,
    'month' as period_kind,
    u.activity_id,
    null::varchar as member_id,
    to_json({
      'activity_ids': [u.activity_id],
      'observation_ids': u.observation_ids,
      'months': [u.month_code],
      'redo_deadline_on': u.redo_deadline_on,
      'redo_activity_id': u.redo_activity_id,
      'days_to_redo': u.days_to_redo
    }) as evidence,
    case
      when u.is_redo_window_open then
        printf('支部 %s（%s）的%s %s（%s）被叫停，截至 %s 尚未补开（补开期限 %s）',
          b.branch_name, u.branch_code, u.activity_type, u.activity_id, strftime(u.started_on, '%Y-%m-%d'),
          strftime(p.as_of, '%Y-%m-%d'), strftime(u.redo_deadline_on, '%Y-%m-%d'))
      else
        printf('支部 %s（%s）的%s %s（%s）被叫停，%d 天内（截至 %s）未补开%s',
          b.branch_name, u.branch_code, u.activity_type, u.activity_id, strftime(u.started_on, '%Y-%m-%d'),
          t.redo_within_days, strftime(u.redo_deadline_on, '%Y-%m-%d'),
          case when u.redo_activity_id is null then ''
               else printf('（%s 于 %s 才补开，相隔 %d 天）', u.redo_activity_id,
                           strftime(u.redo_started_at, '%Y-%m-%d'), u.days_to_redo) end)
    end as message
  from unresolved as u
  join branches as b on b.branch_code = u.branch_code
  cross join params as p
  cross join thresholds as t
)

select * from final

-- int_anomaly_a09_participation_drop: A09 (medium) — a branch's participation_rate (Σ 出席 /
-- Σ expected over its activities in P) is at least a09_min_drop (0.20) below the previous
-- period's, both periods with at least a09_min_expected (20) expected rows.
-- Produced for months, quarters and years; the anomaly's period is P, the later period.
-- A period still running at as_of is compared too, on its activities so far: the rule names no
-- "ended by as_of" (unlike A01 and A10), and a rate is a ratio, fair on part of a period.
-- The drop is compared after rounding to 9 decimals, so 0.85 → 0.65 counts as the 0.20 it is
-- (in binary floating point it is 0.1999…).
-- Grain: one row per branch per period. Key: (branch_code, period).
-- Sources: int_branch_period_sums, int_calendar, int_activities, int_branches, seed_thresholds.
with sums as (
  select * from int_branch_period_sums
),

calendar as (
  select * from int_calendar
),

activities as (
  select * from int_activities
),

branches as (
  select * from int_branches
),

thresholds as (
  select * from seed_thresholds
),

rates as (
  select
    s.branch_code,
    s.period_code,
    c.period_kind,
    c.prev_period_code,
    c.is_ended,
    s.n_expected,
    s.n_attended,
    s.n_attended / nullif(s.n_expected, 0) as participation_rate
  from sums as s
  join calendar as c on c.period_code = s.period_code
),

drops as (
  select
    cur.*,
    prev.n_expected as prev_n_expected,
    prev.n_attended as prev_n_attended,
    prev.participation_rate as prev_participation_rate
  from rates as cur
  join rates as prev on prev.branch_code = cur.branch_code and prev.period_code = cur.prev_period_code
  cross join thresholds as t
  where cur.n_expected >= t.a09_min_expected
    and prev.n_expected >= t.a09_min_expected
    and round(prev.participation_rate - cur.participation_rate, 9) >= t.a09_min_drop
),

-- P's activities with the lowest participation, for the analyst (at most 10)
worst_activities as (
  select
    d.branch_code,
    d.period_code,
    list(a.activity_id order by a.n_attended / a.n_expected, a.started_at, a.activity_id)[1:10] as activity_ids
  from drops as d
  join activities as a
    on a.branch_code = d.branch_code
   and d.period_code = case d.period_kind when 'month' then a.month_code
                                           when 'quarter' then a.quarter_code
                                           else a.year_code end
  where a.n_expected > 0
  group by d.branch_code, d.period_code
),

-- percentages as people write them: one decimal, none when whole (65%, 87.5%)
shown as (
  select
    d.*,
    regexp_replace(printf('%.1f', 100 * d.participation_rate), '\.0$', '') as participation_pct,
    regexp_replace(printf('%.1f', 100 * d.prev_participation_rate), '\.0$', '') as prev_participation_pct,
    regexp_replace(printf('%.1f', 100 * (d.prev_participation_rate - d.participation_rate)), '\.0$', '') as drop_pct
  from drops as d
),

final as (
  select
    'A09_participation_drop' as code,
    'medium' as severity,
    d.branch_code,
    d.period_code as period,
    d.period_kind,
    null::varchar as activity_id,
    null::varchar as member_id,
    to_json({
      'activity_ids': coalesce(w.activity_ids, []),
      'periods': [d.prev_period_code, d.period_code],
      'participation_rate': d.participation_rate,
      'previous_participation_rate': d.prev_participation_rate,
      'n_attended': d.n_attended,
      'n_expected': d.n_expected,
      'previous_n_attended': d.prev_n_attended,
      'previous_n_expected': d.prev_n_expected
    }) as evidence,
    printf('支部 %s（%s）%s 参会率 %s%%（%d/%d），比 %s 的 %s%%（%d/%d）下降 %s 个百分点',
      b.branch_name, d.branch_code, d.period_code,
      d.participation_pct, d.n_attended, d.n_expected,
      d.prev_period_code, d.prev_participation_pct, d.prev_n_attended, d.prev_n_expected,
      d.drop_pct) as message
  from shown as d
  join branches as b on b.branch_code = d.branch_code
  left join worst_activities as w on w.branch_code = d.branch_code and w.period_code = d.period_code
)

select * from final

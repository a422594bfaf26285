-- int_anomaly_a07_rating_inconsistent: A07 (high) — a branch secretary rated 好 or 较好 for year Y
-- while the branch was not up to standard in Y (regularity ≥ 0.90, participation_rate ≥ 0.85,
-- every halted activity of Y redone within 30 days), which the plan's rating rule forbids.
-- The test is int_branch_year_standard's, so the dashboard's rating-rule view and this agree
-- (a NULL regularity or participation_rate is not up to standard there).
-- A year still running at as_of is judged too, on its figures so far (its required pairs are
-- those ended by as_of): the rule names no "ended by as_of" (unlike A01 and A10).
-- Grain: one row per branch per year. Key: (branch_code, period).
-- Sources: int_branch_year_standard, int_halted_activities, int_branches, seed_thresholds.
with standard as (
  select * from int_branch_year_standard
),

halted_activities as (
  select * from int_halted_activities
),

branches as (
  select * from int_branches
),

thresholds as (
  select * from seed_thresholds
),

inconsistent as (
  select * from standard where is_rating_inconsistent
),

unresolved_halts as (
  select branch_code, year_code, list(activity_id order by started_at, activity_id) as activity_ids
  from halted_activities
  where is_unresolved
  group by branch_code, year_code
),

-- percentages as people write them: one decimal, none when whole (85%, 87.5%)
shown as (
  select
    i.*,
    regexp_replace(printf('%.1f', 100 * i.regularity), '\.0$', '') as regularity_pct,
    regexp_replace(printf('%.1f', 100 * t.regularity_standard), '\.0$', '') as regularity_standard_pct,
    regexp_replace(printf('%.1f', 100 * i.participation_rate), '\.0$', '') as participation_pct,
    regexp_replace(printf('%.1f', 100 * t.participation_standard), '\.0$', '') as participation_standard_pct,
    t.redo_within_days
  from inconsistent as i
  cross join thresholds as t
),

reasons as (
  select
    s.*,
    coalesce(h.activity_ids, []) as unresolved_activity_ids,
    list_filter([
      case when s.regularity is null then '规范执行率无法计算（无应开会议）'
           when not s.is_regular then printf('规范执行率 %s%%（低于 %s%%）', s.regularity_pct, s.regularity_standard_pct) end,
      case when s.participation_rate is null then '参会率无法计算（无应到记录）'
           when not s.is_participating then printf('参会率 %s%%（低于 %s%%）', s.participation_pct, s.participation_standard_pct) end,
      case when not s.has_all_halts_redone then printf('%d 次被叫停的活动未在 %d 天内补开', s.n_halted_unresolved, s.redo_within_days) end
    ], r -> r is not null) as reason_list
  from shown as s
  left join unresolved_halts as h on h.branch_code = s.branch_code and h.year_code = s.year_code
),

final as (
  select
    'A07_rating_inconsistent' as code,
    'high' as severity,
    r.branch_code,
    r.year_code as period,
    'year' as period_kind,
    null::varchar as activity_id,
    null::varchar as member_id,
    to_json({
      'activity_ids': r.unresolved_activity_ids,
      'years': [r.year_code],
      'rating': r.rating,
      'regularity': r.regularity,
      'participation_rate': r.participation_rate,
      'n_halted_unresolved': r.n_halted_unresolved
    }) as evidence,
    printf('支部 %s（%s）书记 %s 年度述职评议为“%s”，但该年组织生活未达标：%s',
      b.branch_name, r.branch_code, r.year_code, r.rating, array_to_string(r.reason_list, '；')) as message
  from reasons as r
  join branches as b on b.branch_code = r.branch_code
)

select * from final

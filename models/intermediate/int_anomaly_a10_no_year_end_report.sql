-- int_anomaly_a10_no_year_end_report: A10 (medium) — a year ended by as_of that the branch owes
-- without its year_end_report pair met: no 支部党员大会 tagged 年度组织生活通报, started in
-- November or December, that was not halted. The pair is int_cadence_cells' (is_required and
-- not is_met), so this agrees with rule_completion_year_end_report.
-- Evidence lists the year's near candidates (支部党员大会 with the tag or held in Nov–Dec) and
-- why each does not count.
-- Grain: one row per branch per year. Key: (branch_code, period).
-- Sources: int_cadence_cells, seed_cadence_rules, int_activities, int_branches.
with cells as (
  select * from int_cadence_cells
),

rules as (
  select * from seed_cadence_rules
),

activities as (
  select * from int_activities
),

branches as (
  select * from int_branches
),

rule as (
  select * from rules where rule_code = 'year_end_report'
),

missed as (
  select c.branch_code, c.period_code as year_code
  from cells as c
  where c.rule_code = 'year_end_report' and c.is_required and not c.is_met
),

candidates as (
  select
    m.branch_code,
    m.year_code,
    list({
      'activity_id': a.activity_id,
      'started_on': a.started_on,
      'has_tag': list_contains(a.content_tags, r.required_tag),
      'in_months': list_contains(r.started_months, month(a.started_on)::integer),
      'is_halted': a.is_halted
    } order by a.started_at, a.activity_id) as meetings
  from missed as m
  cross join rule as r
  join activities as a
    on a.branch_code = m.branch_code
   and a.year_code = m.year_code
   and a.activity_type = r.activity_type
   and (list_contains(a.content_tags, r.required_tag) or list_contains(r.started_months, month(a.started_on)::integer))
  group by m.branch_code, m.year_code
),

final as (
  select
    'A10_no_year_end_report' as code,
    'medium' as severity,
    m.branch_code,
    m.year_code as period,
    'year' as period_kind,
    null::varchar as activity_id,
    null::varchar as member_id,
    to_json({
      'activity_ids': coalesce(list_transform(c.meetings, x -> x.activity_id), []),
      'years': [m.year_code],
      'candidates': coalesce(c.meetings, [])
    }) as evidence,
    printf('支部 %s（%s）%s 年没有召开通报全年组织生活的年终支部党员大会（11—12 月召开、内容含“年度组织生活通报”、未被叫停）%s',
      b.branch_name, m.branch_code, m.year_code,
      case when c.meetings is null then ''
           else printf('；相关会议 %s 均不符合', array_to_string(list_transform(c.meetings, x -> x.activity_id), '、')) end
    ) as message
  from missed as m
  join branches as b on b.branch_code = m.branch_code
  left join candidates as c on c.branch_code = m.branch_code and c.year_code = m.year_code
)

select * from final

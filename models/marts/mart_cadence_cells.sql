-- mart_cadence_cells: the cadence heatmap (branches × sub-periods, rule by rule): for each cell
-- whether it is owed and required, met, and by which activity.
-- Grain: one row per branch × calendar sub-period × rule of that size, for sub-periods in which
-- the branch is active. Key: (branch_code, period_code, rule_code).
-- Sources: int_cadence_cells, int_branches, seed_cadence_rules.
-- cell_status: not_owed (the branch does not exist on the last day) | not_applicable (owed, but the
-- rule's condition does not hold) | met | open (not ended by as_of, not met yet) | missed.
-- A view: it labels int_cadence_cells' rows (names, status), and writing 2.7 M rows again at
-- province scale cost 4 s of every build, against a few ms more per dashboard query.
-- materialized: view
with cells as (
  select * from int_cadence_cells
),

branches as (
  select * from int_branches
),

rules as (
  select * from seed_cadence_rules
),

final as (
  select
    c.branch_code,
    c.period_code,
    c.rule_code,
    r.rule_name,
    c.rule_order,
    c.period_kind,
    c.start_on,
    c.end_on,
    b.branch_name,
    b.university_code,
    b.college_code,
    c.is_owed,
    c.is_ended,
    c.is_condition_met,
    c.is_required,
    c.is_met,
    c.met_activity_id,
    c.n_matching_activities,
    case
      when not c.is_owed then 'not_owed'
      when not c.is_condition_met then 'not_applicable'
      when c.is_met then 'met'
      when not c.is_ended then 'open'
      else 'missed'
    end as cell_status
  from cells as c
  join branches as b on b.branch_code = c.branch_code
  join rules as r on r.rule_code = c.rule_code
)

select * from final

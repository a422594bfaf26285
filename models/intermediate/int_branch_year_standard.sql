-- int_branch_year_standard: the plan's rating rule. A branch is up to standard for year Y when
-- regularity ≥ 0.90, participation_rate ≥ 0.85, and every halted activity of Y has a redo within
-- 30 days. A secretary rated 好 or 较好 for a branch not up to standard breaks the rule.
-- Grain: one row per branch × reported year. Key: (branch_code, year_code).
-- Sources: int_unit_period_indicators, int_periods, int_halted_activities, stg_evaluations, seed_thresholds.
-- A NULL regularity or participation_rate (nothing required, nobody expected) is not up to standard.
-- A halted activity with no redo yet counts against it even while its 30 days are still running at
-- as_of (the rule names no as_of; n_halted_window_open says how many of them may still be redone).
with indicators as (
  select * from int_unit_period_indicators
),

periods as (
  select * from int_periods
),

halted as (
  select * from int_halted_activities
),

evaluations as (
  select * from stg_evaluations
),

thresholds as (
  select * from seed_thresholds
),

branch_years as (
  select i.unit_code as branch_code, i.period_code as year_code, p.is_ended as is_year_ended,
         i.regularity, i.participation_rate
  from indicators as i
  join periods as p on p.period_code = i.period_code
  where i.unit_level = 'branch' and p.period_kind = 'year'
),

halts as (
  select
    branch_code,
    year_code,
    count(*) as n_halted,
    count_if(is_redone_in_time) as n_halted_redone,
    count_if(is_unresolved) as n_halted_unresolved,
    count_if(is_redo_window_open) as n_halted_window_open
  from halted
  group by branch_code, year_code
),

final as (
  select
    y.branch_code,
    y.year_code,
    y.is_year_ended,
    y.regularity,
    y.participation_rate,
    coalesce(h.n_halted, 0)::integer as n_halted,
    coalesce(h.n_halted_redone, 0)::integer as n_halted_redone,
    coalesce(h.n_halted_unresolved, 0)::integer as n_halted_unresolved,
    coalesce(h.n_halted_window_open, 0)::integer as n_halted_window_open,
    coalesce(y.regularity >= t.regularity_standard, false) as is_regular,
    coalesce(y.participation_rate >= t.participation_standard, false) as is_participating,
    coalesce(h.n_halted_unresolved, 0) = 0 as has_all_halts_redone,
    coalesce(y.regularity >= t.regularity_standard, false)
      and coalesce(y.participation_rate >= t.participation_standard, false)
      and coalesce(h.n_halted_unresolved, 0) = 0 as is_up_to_standard,
    e.rating,
    coalesce(
      e.rating in ('好', '较好') and not (
        coalesce(y.regularity >= t.regularity_standard, false)
        and coalesce(y.participation_rate >= t.participation_standard, false)
        and coalesce(h.n_halted_unresolved, 0) = 0
      ),
      false
    ) as is_rating_inconsistent
  from branch_years as y
  cross join thresholds as t
  left join halts as h on h.branch_code = y.branch_code and h.year_code = y.year_code
  left join evaluations as e on e.branch_code = y.branch_code and e.year::varchar = y.year_code
)

select * from final

-- Every fraction (regularity, rule completion, *_rate, *_share, coverage, case compliance) lies in [0, 1].
with fractions as (
  unpivot (
    select
      unit_level, unit_code, period_code,
      columns('^(regularity|rule_completion_.*|.*_rate|.*_share|observer_coverage|case_compliance)$')
    from int_unit_period_indicators
  )
  on columns(* exclude (unit_level, unit_code, period_code))
  into name indicator value value
)

select * from fractions where value < 0 or value > 1

-- Scores, the quality score and every index lie in [0, 100].
with scores as (
  unpivot (
    select unit_level, unit_code, period_code, columns('^(quality_score|score_.*|branch_index)$')
    from int_unit_period_indicators
  )
  on columns(* exclude (unit_level, unit_code, period_code))
  into name indicator value value
),

indices as (
  select 'branch' as unit_level, branch_code as unit_code, period_code, 'index' as indicator, index as value
  from mart_branch_period_indicators
  union all
  select 'college', org_code, period_code, 'index', index from mart_college_period_indicators
  union all
  select 'university', university_code, period_code, 'index', index from mart_university_period_indicators
)

select * from scores where value < 0 or value > 100
union all
select * from indices where value < 0 or value > 100

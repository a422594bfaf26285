-- mart_province_period_indicators: every indicator of the province, pooling the rows of all its
-- branches (and the cases of all universities). No index or rank (see mart_city_period_indicators).
-- Grain: one row per reported period. Key: period_code.
-- Sources: int_unit_period_indicators, int_periods.
with indicators as (
  select * from int_unit_period_indicators where unit_level = 'province'
),

periods as (
  select * from int_periods
),

final as (
  select
    p.period_code,
    p.period_kind,
    p.start_on,
    p.end_on,
    p.is_ended as is_complete,
    null::double as index,
    null::integer as rank,
    null::integer as rank_change,
    columns(i.* exclude (unit_level, unit_code, period_code, period_kind, branch_index))
  from indicators as i
  join periods as p on p.period_code = i.period_code
)

select * from final

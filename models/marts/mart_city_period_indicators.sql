-- mart_city_period_indicators: every indicator of each city, pooling the rows of all branches of
-- its universities (and the cases of its universities). The index is defined for branches,
-- colleges and universities only, so a city has none, and no rank (columns kept NULL for a
-- uniform shape).
-- Grain: one row per city × reported period. Key: (city, period_code).
-- Sources: int_unit_period_indicators, int_periods.
with indicators as (
  select * from int_unit_period_indicators where unit_level = 'city'
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
    i.unit_code as city,
    null::double as index,
    null::integer as rank,
    null::integer as rank_change,
    columns(i.* exclude (unit_level, unit_code, period_code, period_kind, branch_index))
  from indicators as i
  join periods as p on p.period_code = i.period_code
)

select * from final

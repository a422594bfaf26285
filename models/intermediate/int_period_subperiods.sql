-- int_period_subperiods: which calendar sub-periods lie wholly inside each reported period
-- (a year: its 12 months, 4 quarters and itself; a quarter: 3 months and itself; a month: itself).
-- Grain: one row per reported period × sub-period. Key: (period_code, sub_period_code).
-- Sources: int_periods, int_calendar.
with periods as (
  select * from int_periods
),

calendar as (
  select * from int_calendar
),

final as (
  select
    p.period_code,
    p.period_kind,
    c.period_code as sub_period_code,
    c.period_kind as sub_period_kind,
    c.start_on as sub_start_on,
    c.end_on as sub_end_on,
    c.is_ended as is_sub_ended
  from periods as p
  join calendar as c
    on c.start_on >= p.start_on and c.end_on <= p.end_on
)

select * from final

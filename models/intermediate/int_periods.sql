-- int_periods: the reported periods: the months, quarters and years present in the data up to
-- as_of (calendar periods overlapping [first_activity_on, as_of]); the marts have one row per
-- unit per reported period. The last ones may be partly elapsed (is_ended = false).
-- Grain: one row per period. Key: period_code. Source: int_calendar.
with calendar as (
  select * from int_calendar
),

final as (
  select period_code, period_kind, start_on, end_on, year_code, quarter_code, is_ended, prev_period_code
  from calendar
  where is_reported
)

select * from final

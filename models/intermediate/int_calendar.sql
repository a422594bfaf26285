-- int_calendar: every month, quarter and year of the years from the first activity to as_of,
-- starting on or before as_of: the sub-periods the cadence rules, cadre pairs and case
-- quarters are counted over (a year's months before the first activity still count).
-- Grain: one row per calendar period. Key: period_code ('2024-03', '2024Q1', '2024').
-- Source: int_params.
-- is_ended: last day ≤ as_of. is_reported: overlaps [first_activity_on, as_of] (see int_periods).
-- prev_period_code: the period of the same length just before (it may lie outside the calendar).
with params as (
  select * from int_params
),

years as (
  select unnest(generate_series(year(first_activity_on), year(as_of)))::integer as year
  from params
  where as_of is not null and first_activity_on is not null
),

months as (
  select
    year,
    unnest(generate_series(1, 12))::integer as month
  from years
),

spans as (
  select
    'month' as period_kind,
    strftime(make_date(year, month, 1), '%Y-%m') as period_code,
    make_date(year, month, 1) as start_on,
    last_day(make_date(year, month, 1)) as end_on,
    year,
    (month + 2) // 3 as quarter,
    strftime(make_date(year, month, 1) - interval 1 month, '%Y-%m') as prev_period_code
  from months
  union all
  select
    'quarter',
    year || 'Q' || (month + 2) // 3,
    make_date(year, month, 1),
    last_day(make_date(year, month + 2, 1)),
    year,
    (month + 2) // 3,
    case when month = 1 then (year - 1) || 'Q4' else year || 'Q' || (month + 2) // 3 - 1 end
  from months
  where month in (1, 4, 7, 10)
  union all
  select 'year', year::varchar, make_date(year, 1, 1), make_date(year, 12, 31), year, null, (year - 1)::varchar
  from years
),

final as (
  select
    s.period_code,
    s.period_kind,
    s.start_on::date as start_on,
    s.end_on::date as end_on,
    s.year::varchar as year_code,
    case when s.quarter is not null then s.year || 'Q' || s.quarter end as quarter_code,
    s.end_on <= p.as_of as is_ended,
    s.prev_period_code,
    s.end_on >= p.first_activity_on as is_reported
  from spans as s
  cross join params as p
  where s.start_on <= p.as_of
)

select * from final

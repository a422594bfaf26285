-- int_params: the build's parameters.
-- Grain: one row. Sources: stg_activities; the session variable zhixiao_as_of set by the runner.
-- as_of = the explicit date asked for, else the date of the latest started_at (indicators.md).
-- first_activity_on = the date of the earliest started_at: the reported periods start there.
with activities as (
  select * from stg_activities
),

bounds as (
  select min(started_at)::date as first_activity_on, max(started_at)::date as latest_activity_on
  from activities
),

final as (
  select
    coalesce(try_cast(getvariable('zhixiao_as_of') as date), latest_activity_on) as as_of,
    first_activity_on
  from bounds
)

select * from final

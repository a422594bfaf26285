-- int_params: the build's parameters.
-- Grain: one row. Sources: stg_activities; the session variable zhixiao_as_of set by the runner.
-- as_of = the explicit date asked for, else the date of the latest started_at (indicators.md).
select
  coalesce(
    try_cast(getvariable('zhixiao_as_of') as date),
    (select max(started_at)::date from stg_activities)
  ) as as_of

-- seed_thresholds: the thresholds of the indicators and of the anomaly rules, from models/config.json.
-- Grain: one row. Source: the session variable zhixiao_config (the config file's text, bound by the runner).
with config as (
  select getvariable('zhixiao_config')::json -> '$.thresholds' as t
),

final as (
  select
    (t ->> 'regularity_standard')::double        as regularity_standard,
    (t ->> 'participation_standard')::double     as participation_standard,
    (t ->> 'redo_within_days')::integer          as redo_within_days,
    (t ->> 'committee_min_full_members')::integer as committee_min_full_members,
    (t ->> 'case_first_quarter')                 as case_first_quarter,
    from_json(t -> 'political_tags', '["VARCHAR"]')     as political_tags,
    from_json(t -> 'online_modes', '["VARCHAR"]')       as online_modes,
    (t ->> 'a02_window_months')::integer         as a02_window_months,
    (t ->> 'a02_min_expected')::integer          as a02_min_expected,
    (t ->> 'a03_min_attended')::integer          as a03_min_attended,
    from_json(t -> 'a04_activity_types', '["VARCHAR"]') as a04_activity_types,
    (t ->> 'a04_min_minutes')::integer           as a04_min_minutes,
    (t ->> 'a09_min_drop')::double               as a09_min_drop,
    (t ->> 'a09_min_expected')::integer          as a09_min_expected,
    (t ->> 'a11_max_hours_outside')::double      as a11_max_hours_outside
  from config
)

select * from final

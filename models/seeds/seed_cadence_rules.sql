-- seed_cadence_rules: the cadence rules of 规范执行 (indicators.md "Cadence rules"), from models/config.json.
-- Grain: one row per rule. Key: rule_code.
-- Source: the session variable zhixiao_config (the config file's text, bound by the runner).
-- condition_code: always | committee_size (full members ≥ committee_min_full_members) | has_group
-- (an active 党小组 under the branch). required_tag / started_months narrow the matching
-- activities (year_end_report: tag 年度组织生活通报, started in November or December).
with config as (
  select getvariable('zhixiao_config')::json as cfg
),

rules as (
  select from_json(
    cfg -> '$.cadence_rules',
    '[{"rule_code": "VARCHAR", "rule_name": "VARCHAR", "activity_type": "VARCHAR", "period_kind": "VARCHAR",
       "condition_code": "VARCHAR", "required_tag": "VARCHAR", "started_months": ["INTEGER"]}]'
  ) as list
  from config
),

final as (
  select
    unnest(list, recursive := true),
    generate_subscripts(list, 1)::integer as sort_order
  from rules
)

select * from final

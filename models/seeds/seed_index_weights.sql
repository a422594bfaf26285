-- seed_index_weights: the weights of the 质效指数 (indicators.md "The index"), from models/config.json.
-- Grain: one row per index scope × component. Key: (index_scope, component).
-- Source: the session variable zhixiao_config (the config file's text, bound by the runner).
-- index_scope 'branch': regularity, participation_rate, quality_score, political_content_share,
-- rectification_rate, dual_life_rate; 'university': branch_index_mean, observer_coverage,
-- case_compliance. The data test seed_config_known checks the names.
with config as (
  select getvariable('zhixiao_config')::json as cfg
),

scopes as (
  select 'branch' as index_scope, (cfg -> '$.index_weights.branch')::MAP(VARCHAR, DOUBLE) as weights from config
  union all
  select 'university', (cfg -> '$.index_weights.university')::MAP(VARCHAR, DOUBLE) from config
),

final as (
  select index_scope, unnest(map_keys(weights)) as component, unnest(map_values(weights)) as weight
  from scopes
)

select * from final

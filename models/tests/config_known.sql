-- The configuration names what the models know: every index component once with a weight ≥ 0,
-- the eight cadence rules of indicators.md with a known period kind and condition.
with expected_components as (
  select * from (values
    ('branch', 'regularity'), ('branch', 'participation_rate'), ('branch', 'quality_score'),
    ('branch', 'political_content_share'), ('branch', 'rectification_rate'), ('branch', 'dual_life_rate'),
    ('university', 'branch_index_mean'), ('university', 'observer_coverage'), ('university', 'case_compliance')
  ) as t(index_scope, component)
),

expected_rules as (
  select * from (values
    ('assembly_quarterly'), ('committee_monthly'), ('group_monthly'), ('lecture_quarterly'),
    ('theme_day_monthly'), ('life_meeting_yearly'), ('review_yearly'), ('year_end_report')
  ) as t(rule_code)
)

select 'weight missing' as problem, e.index_scope || '.' || e.component as item
from expected_components as e
left join seed_index_weights as w on w.index_scope = e.index_scope and w.component = e.component
where w.weight is null
union all
select 'unknown weight', w.index_scope || '.' || w.component
from seed_index_weights as w
left join expected_components as e on e.index_scope = w.index_scope and e.component = w.component
where e.component is null
union all
select 'negative weight', index_scope || '.' || component from seed_index_weights where weight < 0
union all
select 'rule missing', e.rule_code
from expected_rules as e
where e.rule_code not in (select rule_code from seed_cadence_rules)
union all
select 'unknown rule', rule_code
from seed_cadence_rules
where rule_code not in (select rule_code from expected_rules)
  or period_kind not in ('month', 'quarter', 'year')
  or condition_code not in ('always', 'committee_size', 'has_group')
  or activity_type is null
union all
select 'threshold missing', 'seed_thresholds'
from seed_thresholds
where regularity_standard is null or participation_standard is null or redo_within_days is null
  or committee_min_full_members is null or case_first_quarter is null
  or political_tags is null or online_modes is null

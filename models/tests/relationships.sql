-- References that the pooled figures rely on: activities and rectifications name a known branch,
-- every branch a known university; marts and cells name known branches and periods.
select 'stg_activities.branch_code' as relation, activity_id as key
from stg_activities
where branch_code not in (select branch_code from int_branches)
union all
select 'stg_rectifications.branch_code', item_id
from stg_rectifications
where branch_code not in (select branch_code from int_branches)
union all
select 'int_branches.university_code', branch_code
from int_branches
where university_name is null
union all
select 'int_cadence_cells.period_code', branch_code || ':' || period_code
from int_cadence_cells
where period_code not in (select period_code from int_calendar)
union all
select 'mart_branch_period_indicators.period_code', branch_code || ':' || period_code
from mart_branch_period_indicators
where period_code not in (select period_code from int_periods)
union all
select 'mart_university_period_indicators.university_code', university_code
from mart_university_period_indicators
where university_code not in (select university_code from stg_universities)

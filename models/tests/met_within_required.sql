-- Met pairs never exceed required pairs (cadence overall and per rule, cadre quarters, case quarters);
-- a required cadence cell is owed and ended.
select unit_level, unit_code, period_code, 'cadence' as pair
from int_unit_period_sums
where n_met_pairs > n_required_pairs
  or n_met_assembly_quarterly > n_required_assembly_quarterly
  or n_met_committee_monthly > n_required_committee_monthly
  or n_met_group_monthly > n_required_group_monthly
  or n_met_lecture_quarterly > n_required_lecture_quarterly
  or n_met_theme_day_monthly > n_required_theme_day_monthly
  or n_met_life_meeting_yearly > n_required_life_meeting_yearly
  or n_met_review_yearly > n_required_review_yearly
  or n_met_year_end_report > n_required_year_end_report
union all
select unit_level, unit_code, period_code, 'cadre'
from int_unit_period_sums
where n_cadre_pairs_met > n_cadre_pairs_required
union all
select unit_level, unit_code, period_code, 'case'
from int_unit_period_sums
where n_case_quarters_met > n_case_quarters_required
union all
select 'cell', branch_code, period_code, rule_code
from int_cadence_cells
where is_required and not (is_owed and is_ended)

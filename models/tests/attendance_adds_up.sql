-- attended + on_leave + absent = expected, per activity and per unit and period.
select 'int_activity_attendance' as model, activity_id as key, n_expected, n_attended, n_on_leave, n_absent
from int_activity_attendance
where n_attended + n_on_leave + n_absent <> n_expected
union all
select 'int_unit_period_sums', unit_level || ':' || unit_code || ':' || period_code, n_expected, n_attended, n_on_leave, n_absent
from int_unit_period_sums
where n_attended + n_on_leave + n_absent <> n_expected

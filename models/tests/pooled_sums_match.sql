-- Pooling: a university's sums equal the sums of its branches' rows, the province's the sums of all.
with branch_totals as (
  select b.university_code, s.period_code,
         sum(s.n_expected) as n_expected, sum(s.n_required_pairs) as n_required_pairs, sum(s.n_activities) as n_activities
  from int_branch_period_sums as s
  join int_branches as b on b.branch_code = s.branch_code
  group by all
),

province_totals as (
  select period_code, sum(n_expected) as n_expected, sum(n_required_pairs) as n_required_pairs, sum(n_activities) as n_activities
  from int_branch_period_sums
  group by all
)

select 'university' as unit_level, u.unit_code, u.period_code
from int_unit_period_sums as u
left join branch_totals as t on t.university_code = u.unit_code and t.period_code = u.period_code
where u.unit_level = 'university'
  and (u.n_expected <> coalesce(t.n_expected, 0)
    or u.n_required_pairs <> coalesce(t.n_required_pairs, 0)
    or u.n_activities <> coalesce(t.n_activities, 0))
union all
select 'province', 'province', u.period_code
from int_unit_period_sums as u
left join province_totals as t on t.period_code = u.period_code
where u.unit_level = 'province'
  and (u.n_expected <> coalesce(t.n_expected, 0)
    or u.n_required_pairs <> coalesce(t.n_required_pairs, 0)
    or u.n_activities <> coalesce(t.n_activities, 0))

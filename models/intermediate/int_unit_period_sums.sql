-- int_unit_period_sums: the sums behind every indicator at every scope: a branch itself, and the
-- rows of all branches of a college, a university, a city or the province pooled (sums of
-- numerators over sums of denominators; never a mean of branch ratios).
-- Grain: one row per unit × reported period. Key: (unit_level, unit_code, period_code).
-- unit_level: branch | college | university | city | province (unit_code 'province').
-- Branch rows: those of int_branch_period_sums. Colleges, universities, cities and the province:
-- every one of them × every reported period (zeros where nothing happened).
-- Case sums (n_case_quarters_*, n_excellent_cases) exist for university, city and province only.
-- n_overdue_open of a college or university: over all its branches (int_branch_overdue), not only
-- those with a row in the period — the items are counted at as_of, whatever the period.
-- Sources: int_branch_period_sums, int_branches, int_branch_overdue, int_colleges, stg_universities,
-- int_periods, int_university_period_cases.
with branch_sums as (
  select * from int_branch_period_sums
),

branches as (
  select * from int_branches
),

colleges as (
  select * from int_colleges
),

universities as (
  select * from stg_universities
),

periods as (
  select * from int_periods
),

university_cases as (
  select * from int_university_period_cases
),

branch_overdue as (
  select * from int_branch_overdue
),

college_overdue as (
  select b.college_code, sum(o.n_overdue_open) as n_overdue_open
  from branch_overdue as o
  join branches as b on b.branch_code = o.branch_code
  where b.college_code is not null
  group by b.college_code
),

university_overdue as (
  select b.university_code, sum(o.n_overdue_open) as n_overdue_open
  from branch_overdue as o
  join branches as b on b.branch_code = o.branch_code
  group by b.university_code
),

branch_rows as (
  select s.*, b.college_code, b.university_code, b.city
  from branch_sums as s
  join branches as b on b.branch_code = s.branch_code
),

branch_level as (
  select
    'branch' as unit_level,
    branch_code as unit_code,
    period_code,
    columns('^(n|sum)_')
  from branch_rows
),

college_sums as (
  select college_code as unit_code, period_code, sum(columns(c -> regexp_matches(c, '^(n|sum)_') and c <> 'n_overdue_open'))
  from branch_rows
  where college_code is not null
  group by college_code, period_code
),

college_level as (
  select
    'college' as unit_level,
    c.college_code as unit_code,
    p.period_code,
    coalesce(columns(s.* exclude (unit_code, period_code)), 0),
    coalesce(o.n_overdue_open, 0) as n_overdue_open
  from colleges as c
  cross join periods as p
  left join college_sums as s on s.unit_code = c.college_code and s.period_code = p.period_code
  left join college_overdue as o on o.college_code = c.college_code
),

university_sums as (
  select university_code as unit_code, period_code, sum(columns(c -> regexp_matches(c, '^(n|sum)_') and c <> 'n_overdue_open'))
  from branch_rows
  group by university_code, period_code
),

university_level as (
  select
    'university' as unit_level,
    u.university_code as unit_code,
    p.period_code,
    coalesce(columns(s.* exclude (unit_code, period_code)), 0),
    coalesce(o.n_overdue_open, 0) as n_overdue_open,
    uc.n_case_quarters_required,
    uc.n_case_quarters_met,
    uc.n_excellent_cases
  from universities as u
  cross join periods as p
  left join university_sums as s on s.unit_code = u.university_code and s.period_code = p.period_code
  left join university_cases as uc on uc.university_code = u.university_code and uc.period_code = p.period_code
  left join university_overdue as o on o.university_code = u.university_code
),

city_level as (
  select
    'city' as unit_level,
    u.city as unit_code,
    l.period_code,
    sum(columns(l.* exclude (unit_level, unit_code, period_code)))
  from university_level as l
  join universities as u on u.university_code = l.unit_code
  -- a university whose export names no city counts in the province, in no city
  where u.city is not null
  group by u.city, l.period_code
),

province_level as (
  select
    'province' as unit_level,
    'province' as unit_code,
    l.period_code,
    sum(columns(l.* exclude (unit_level, unit_code, period_code)))
  from university_level as l
  group by l.period_code
),

unioned as (
  select * from branch_level
  union all by name
  select * from college_level
  union all by name
  select * from university_level
  union all by name
  select * from city_level
  union all by name
  select * from province_level
),

final as (
  select
    unit_level,
    unit_code,
    period_code,
    columns('^n_')::integer,
    columns('^sum_')::double
  from unioned
)

select * from final

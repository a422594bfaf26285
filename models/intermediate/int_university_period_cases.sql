-- int_university_period_cases: typical cases (典型案例) of each university and reported period.
-- Grain: one row per university × reported period. Key: (university_code, period_code).
-- Sources: stg_universities, stg_cases, int_periods, int_period_subperiods, seed_thresholds.
-- Required quarters: calendar quarters inside P, from case_first_quarter (2022Q2) on, ended by as_of;
-- met when the university has ≥1 case of that quarter (whenever it was submitted: indicators.md
-- names no submission date). n_excellent_cases: cases selected 省级优秀 whose quarter lies inside P; null for months
-- (no quarter lies inside a month).
with universities as (
  select * from stg_universities
),

cases as (
  select * from stg_cases
),

periods as (
  select * from int_periods
),

subperiods as (
  select * from int_period_subperiods
),

thresholds as (
  select * from seed_thresholds
),

counted_cases as (
  select c.university_code, c.quarter, c.selection
  from cases as c
),

case_quarters as (
  select distinct university_code, quarter as quarter_code from counted_cases
),

quarters as (
  select s.period_code, s.sub_period_code as quarter_code, s.sub_start_on, s.is_sub_ended
  from subperiods as s
  where s.sub_period_kind = 'quarter'
),

university_quarters as (
  select
    u.university_code,
    q.period_code,
    q.quarter_code,
    q.is_sub_ended
      and q.sub_start_on >= make_date(
        left(t.case_first_quarter, 4)::integer, right(t.case_first_quarter, 1)::integer * 3 - 2, 1
      ) as is_required,
    cq.quarter_code is not null as has_case
  from universities as u
  cross join quarters as q
  cross join thresholds as t
  left join case_quarters as cq on cq.university_code = u.university_code and cq.quarter_code = q.quarter_code
),

quarter_counts as (
  select
    university_code,
    period_code,
    count_if(is_required) as n_case_quarters_required,
    count_if(is_required and has_case) as n_case_quarters_met
  from university_quarters
  group by university_code, period_code
),

excellent as (
  select q.period_code, c.university_code, count(*) as n_excellent_cases
  from counted_cases as c
  join quarters as q on q.quarter_code = c.quarter
  where c.selection = '省级优秀'
  group by q.period_code, c.university_code
),

final as (
  select
    u.university_code,
    p.period_code,
    coalesce(qc.n_case_quarters_required, 0)::integer as n_case_quarters_required,
    coalesce(qc.n_case_quarters_met, 0)::integer as n_case_quarters_met,
    case when p.period_kind <> 'month' then coalesce(e.n_excellent_cases, 0)::integer end as n_excellent_cases
  from universities as u
  cross join periods as p
  left join quarter_counts as qc on qc.university_code = u.university_code and qc.period_code = p.period_code
  left join excellent as e on e.university_code = u.university_code and e.period_code = p.period_code
)

select * from final

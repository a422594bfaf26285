-- mart_college_period_indicators: every indicator, the index and the ranking of each college
-- (院系党委 or 党总支 directly above branches); indicators pool the rows of its branches.
-- Grain: one row per college × reported period. Key: (org_code, period_code).
-- Sources: int_unit_period_indicators, int_branches, int_branch_period_sums, int_colleges,
-- stg_universities, int_periods.
-- index: the mean of the indices of its branches active in P that have one (indicators.md: "A
-- college's index is the mean of its branches' indices"; a branch is active in P as the spec
-- defines it for the university's mean, so a branch dissolved before P whose late rectification
-- item falls in P does not weigh on its college).
-- rank: within the university (1, 2, 2, 4 on the index rounded half-up to 2 decimals); rank_change
-- = previous period's rank − this rank.
with indicators as (
  select * from int_unit_period_indicators
),

branches as (
  select * from int_branches
),

branch_sums as (
  select * from int_branch_period_sums
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

branch_indices as (
  select
    b.college_code,
    i.period_code,
    avg(i.branch_index) as index,
    count(*)::integer as n_indexed_branches
  from indicators as i
  join branches as b on b.branch_code = i.unit_code
  join branch_sums as s on s.branch_code = i.unit_code and s.period_code = i.period_code
  where i.unit_level = 'branch' and s.is_active and i.branch_index is not null and b.college_code is not null
  group by b.college_code, i.period_code
),

indexed as (
  select
    p.period_code,
    p.period_kind,
    p.start_on,
    p.end_on,
    p.is_ended as is_complete,
    p.prev_period_code,
    c.college_code as org_code,
    c.college_name as org_name,
    c.college_type as org_type,
    c.university_code,
    u.university_name,
    u.city,
    x.index,
    coalesce(x.n_indexed_branches, 0) as n_indexed_branches,
    columns(i.* exclude (unit_level, unit_code, period_code, period_kind, branch_index))
  from indicators as i
  join periods as p on p.period_code = i.period_code
  join colleges as c on c.college_code = i.unit_code
  left join universities as u on u.university_code = c.university_code
  left join branch_indices as x on x.college_code = i.unit_code and x.period_code = i.period_code
  where i.unit_level = 'college'
),

-- ranked on a narrow projection: a window over every indicator column would carry them all
-- compared rounded half-up to 2 decimals: the double is read exactly enough (10 decimals) that
-- 84.9949996 stays 84.99 and a double that holds 84.995 as 84.99499999999999 gives 85.00
ranks as (
  select
    org_code,
    period_code,
    case when index is not null then
      rank() over (
        partition by period_code, university_code, index is null
        order by round(index::decimal(38, 10), 2) desc
      )::integer
    end as rank
  from (select org_code, period_code, university_code, index from indexed)
),

final as (
  select
    r.period_code, r.period_kind, r.start_on, r.end_on, r.is_complete,
    r.org_code, r.org_name, r.org_type, r.university_code, r.university_name, r.city,
    r.index,
    k.rank,
    (prev.rank - k.rank)::integer as rank_change,
    columns(r.* exclude (
      period_code, period_kind, start_on, end_on, is_complete, prev_period_code,
      org_code, org_name, org_type, university_code, university_name, city, index
    ))
  from indexed as r
  join ranks as k on k.org_code = r.org_code and k.period_code = r.period_code
  left join ranks as prev on prev.org_code = r.org_code and prev.period_code = r.prev_period_code
)

select * from final

-- mart_branch_period_indicators: every indicator, the index and the ranking of each branch.
-- Grain: one row per branch × reported period in which the branch is active or has data.
-- Key: (branch_code, period_code).
-- Sources: int_unit_period_indicators, int_branch_period_sums, int_branches, int_periods.
-- rank: within the branch's university, by index rounded half-up to 2 decimals, highest first;
-- equal rounded values share a rank and the next rank skips (1, 2, 2, 4); NULL index: no rank.
-- Only branches active in P are ranked: a row for a branch that has data in P without existing
-- in it (dissolved before P, with a rectification item due in P) keeps its figures, unranked.
-- rank_change = rank in the previous period − rank in this one (positive = rose).
with indicators as (
  select * from int_unit_period_indicators where unit_level = 'branch'
),

branch_sums as (
  select * from int_branch_period_sums
),

branches as (
  select * from int_branches
),

periods as (
  select * from int_periods
),

indexed as (
  select
    p.period_code,
    p.period_kind,
    p.start_on,
    p.end_on,
    p.is_ended as is_complete,
    p.prev_period_code,
    b.branch_code,
    b.branch_name,
    b.university_code,
    b.university_name,
    b.college_code,
    b.college_name,
    b.city,
    b.branch_category,
    b.is_contact_point,
    s.is_active,
    i.branch_index as index,
    columns(i.* exclude (unit_level, unit_code, period_code, period_kind, branch_index))
  from indicators as i
  join periods as p on p.period_code = i.period_code
  join branches as b on b.branch_code = i.unit_code
  join branch_sums as s on s.branch_code = i.unit_code and s.period_code = i.period_code
),

-- ranked on a narrow projection: a window over every indicator column would carry them all
-- compared rounded half-up to 2 decimals: the double is read exactly enough (10 decimals) that
-- 84.9949996 stays 84.99 and a double that holds 84.995 as 84.99499999999999 gives 85.00
ranks as (
  select
    branch_code,
    period_code,
    case when is_ranked then
      rank() over (
        partition by period_code, university_code, is_ranked
        order by round(index::decimal(38, 10), 2) desc
      )::integer
    end as rank
  from (select branch_code, period_code, university_code, index, is_active and index is not null as is_ranked from indexed)
),

final as (
  select
    r.period_code, r.period_kind, r.start_on, r.end_on, r.is_complete,
    r.branch_code, r.branch_name, r.university_code, r.university_name, r.college_code, r.college_name,
    r.city, r.branch_category, r.is_contact_point, r.is_active,
    r.index,
    k.rank,
    (prev.rank - k.rank)::integer as rank_change,
    columns(r.* exclude (
      period_code, period_kind, start_on, end_on, is_complete, prev_period_code,
      branch_code, branch_name, university_code, university_name, college_code, college_name,
      city, branch_category, is_contact_point, is_active, index
    ))
  from indexed as r
  join ranks as k on k.branch_code = r.branch_code and k.period_code = r.period_code
  left join ranks as prev on prev.branch_code = r.branch_code and prev.period_code = r.prev_period_code
)

select * from final

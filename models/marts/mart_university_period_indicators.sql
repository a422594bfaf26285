-- mart_university_period_indicators: every indicator, the index and the province-wide ranking of
-- each university; indicators pool the rows of all its branches.
-- Grain: one row per university × reported period. Key: (university_code, period_code).
-- Sources: int_unit_period_indicators, int_branch_period_sums, int_branches, stg_universities,
-- int_periods, seed_index_weights.
-- index = 100 × Σ wᵢcᵢ / Σ wᵢ over the non-NULL components: the mean of the indices of its branches
-- active in P with an index, / 100 (branch_index_mean, 0.70); observer_coverage (0.15);
-- case_compliance (0.15). rank among all universities (1, 2, 2, 4 on the index rounded half-up to
-- 2 decimals; NULL index: no rank); rank_change = previous period's rank − this rank.
with indicators as (
  select * from int_unit_period_indicators
),

branch_sums as (
  select * from int_branch_period_sums
),

branches as (
  select * from int_branches
),

universities as (
  select * from stg_universities
),

periods as (
  select * from int_periods
),

weights as (
  select
    max(weight) filter (where component = 'branch_index_mean') as w_branch_index_mean,
    max(weight) filter (where component = 'observer_coverage') as w_observer_coverage,
    max(weight) filter (where component = 'case_compliance') as w_case_compliance
  from seed_index_weights
  where index_scope = 'university'
),

branch_indices as (
  select
    b.university_code,
    i.period_code,
    avg(i.branch_index) as branch_index_mean,
    count(*)::integer as n_indexed_branches
  from indicators as i
  join branches as b on b.branch_code = i.unit_code
  join branch_sums as s on s.branch_code = i.unit_code and s.period_code = i.period_code
  where i.unit_level = 'branch' and s.is_active and i.branch_index is not null
  group by b.university_code, i.period_code
),

indexed as (
  select
    p.period_code,
    p.period_kind,
    p.start_on,
    p.end_on,
    p.is_ended as is_complete,
    p.prev_period_code,
    u.university_code,
    u.university_name,
    u.city,
    u.level,
    100 * (
      coalesce(w.w_branch_index_mean * x.branch_index_mean / 100, 0)
      + coalesce(w.w_observer_coverage * i.observer_coverage, 0)
      + coalesce(w.w_case_compliance * i.case_compliance, 0)
    ) / nullif(
      case when x.branch_index_mean is not null then w.w_branch_index_mean else 0 end
      + case when i.observer_coverage is not null then w.w_observer_coverage else 0 end
      + case when i.case_compliance is not null then w.w_case_compliance else 0 end,
      0
    ) as index,
    x.branch_index_mean,
    coalesce(x.n_indexed_branches, 0) as n_indexed_branches,
    columns(i.* exclude (unit_level, unit_code, period_code, period_kind, branch_index))
  from indicators as i
  join periods as p on p.period_code = i.period_code
  join universities as u on u.university_code = i.unit_code
  cross join weights as w
  left join branch_indices as x on x.university_code = i.unit_code and x.period_code = i.period_code
  where i.unit_level = 'university'
),

-- ranked on a narrow projection: a window over every indicator column would carry them all
-- compared rounded half-up to 2 decimals: the double is read exactly enough (10 decimals) that
-- 84.9949996 stays 84.99 and a double that holds 84.995 as 84.99499999999999 gives 85.00
ranks as (
  select
    university_code,
    period_code,
    case when index is not null then
      rank() over (
        partition by period_code, index is null
        order by round(index::decimal(38, 10), 2) desc
      )::integer
    end as rank
  from (select university_code, period_code, index from indexed)
),

final as (
  select
    r.period_code, r.period_kind, r.start_on, r.end_on, r.is_complete,
    r.university_code, r.university_name, r.city, r.level,
    r.index,
    k.rank,
    (prev.rank - k.rank)::integer as rank_change,
    columns(r.* exclude (
      period_code, period_kind, start_on, end_on, is_complete, prev_period_code,
      university_code, university_name, city, level, index
    ))
  from indexed as r
  join ranks as k on k.university_code = r.university_code and k.period_code = r.period_code
  left join ranks as prev on prev.university_code = r.university_code and prev.period_code = r.prev_period_code
)

select * from final

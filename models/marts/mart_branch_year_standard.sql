-- mart_branch_year_standard: the rating-rule check per branch and year (see int_branch_year_standard),
-- with the names the dashboard shows.
-- Grain: one row per branch × reported year. Key: (branch_code, year_code).
-- Sources: int_branch_year_standard, int_branches.
with standard as (
  select * from int_branch_year_standard
),

branches as (
  select * from int_branches
),

final as (
  select
    s.branch_code,
    s.year_code,
    b.branch_name,
    b.university_code,
    b.university_name,
    b.college_code,
    b.college_name,
    columns(s.* exclude (branch_code, year_code))
  from standard as s
  join branches as b on b.branch_code = s.branch_code
)

select * from final

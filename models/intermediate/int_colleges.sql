-- int_colleges: the colleges of the scopes: each 院系党委 or 党总支 directly above at least one branch.
-- Grain: one row per college. Key: college_code. Sources: stg_org_units, int_branches.
with org_units as (
  select * from stg_org_units
),

branches as (
  select * from int_branches
),

final as (
  select
    o.org_code as college_code,
    o.org_name as college_name,
    o.org_type as college_type,
    o.university_code
  from org_units as o
  where o.org_code in (select college_code from branches where college_code is not null)
)

select * from final

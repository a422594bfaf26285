-- int_branches: every 党支部 with its university, city and college (the 院系党委 or 党总支
-- directly above it; null when the branch hangs directly under the university committee).
-- Grain: one row per branch. Key: branch_code. Sources: stg_org_units, stg_universities.
with org_units as (
  select * from stg_org_units
),

universities as (
  select * from stg_universities
),

branches as (
  select * from org_units where org_type = '党支部'
),

final as (
  select
    b.org_code as branch_code,
    b.org_name as branch_name,
    b.university_code,
    u.university_name,
    u.city,
    case when parent.org_type in ('院系党委', '党总支') then parent.org_code end as college_code,
    case when parent.org_type in ('院系党委', '党总支') then parent.org_name end as college_name,
    b.branch_category,
    b.established_on,
    b.dissolved_on,
    b.is_contact_point,
    b.dual_leader_secretary
  from branches as b
  left join org_units as parent on parent.org_code = b.parent_code
  left join universities as u on u.university_code = b.university_code
)

select * from final

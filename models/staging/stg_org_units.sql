-- stg_org_units: every Party organisation (高校党委 … 党小组), as loaded.
-- Grain: one row per organisation. Key: org_code. Source: org_units.
select
  org_code, org_name, org_type, parent_code, university_code, branch_category,
  established_on, dissolved_on,
  coalesce(is_contact_point, false) as is_contact_point,
  dual_leader_secretary
from org_units

-- stg_members: Party members with their branch membership window (names masked at ingest).
-- Grain: one row per member. Key: member_id. Source: members.
select
  member_id, name as member_name_masked, member_status, branch_code, group_code,
  person_category, is_leading_cadre, branch_role, joined_branch_on, left_branch_on,
  member_status = '正式党员' as is_full_member
from members

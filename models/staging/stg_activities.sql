-- stg_activities: organisational-life activities (三会一课 etc.).
-- Grain: one row per activity. Key: activity_id. Source: activities.
select
  activity_id, branch_code, group_code, activity_type, title, started_at, ended_at,
  started_at::date as started_on, mode, expected_count, attended_count, leave_count,
  absent_count, content_tags, has_minutes, criticism_count, redo_of
from activities

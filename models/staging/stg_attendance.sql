-- stg_attendance: one member's status at one activity.
-- Grain: one row per activity per member. Key: (activity_id, member_id). Source: attendance.
select activity_id, member_id, attendance_status, signed_in_at, leave_reason, as_ordinary_member
from attendance

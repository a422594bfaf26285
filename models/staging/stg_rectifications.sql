-- stg_rectifications: items of the rectification list (整改清单).
-- Grain: one row per item. Key: item_id. Source: rectifications.
select item_id, branch_code, source, observation_id, description, found_on, due_on, closed_on, status
from rectifications

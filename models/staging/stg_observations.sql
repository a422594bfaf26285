-- stg_observations: an observer's attendance (派员列席) at an activity, with scores.
-- Grain: one row per observation. Key: observation_id. Source: observations.
select
  observation_id, activity_id, observer_name as observer_name_masked, observer_org_code,
  score_political, score_contemporary, score_principled, score_combative,
  problems, halted, comments
from observations

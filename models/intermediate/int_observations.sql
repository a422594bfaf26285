-- int_observations: observations (派员列席) of the counted activities, placed in the branch and
-- month of their activity (an observation belongs to P when its activity does).
-- Grain: one row per observation. Key: observation_id. Sources: stg_observations, int_activities.
-- observation_score = mean of its four scores (of those present); null when none is.
with observations as (
  select * from stg_observations
),

activities as (
  select * from int_activities
),

final as (
  select
    o.observation_id,
    o.activity_id,
    a.branch_code,
    a.activity_type,
    a.started_at,
    a.month_code,
    o.observer_org_code,
    list_avg([o.score_political, o.score_contemporary, o.score_principled, o.score_combative]) as observation_score,
    o.score_political,
    o.score_contemporary,
    o.score_principled,
    o.score_combative,
    o.problems,
    len(o.problems) > 0 as has_problem,
    o.halted
  from observations as o
  join activities as a on a.activity_id = o.activity_id
)

select * from final

-- int_branch_overdue: the rectification items of each branch open and overdue at as_of
-- (indicators.md: "overdue_open (at as_of) = items with status 未整改 or 整改中 and due_on < as_of"):
-- the status decides, not closed_on (an item without a status is not counted). The count is the
-- same for every period, and a college's, university's or the province's is the sum over all its
-- branches — also those with no row in a period (dissolved before it, founded after it).
-- Grain: one row per branch with at least one such item. Key: branch_code.
-- Sources: stg_rectifications, int_params.
with rectifications as (
  select * from stg_rectifications
),

params as (
  select * from int_params
),

final as (
  select r.branch_code, count(*)::integer as n_overdue_open
  from rectifications as r
  cross join params as p
  where r.due_on < p.as_of
    and r.status in ('未整改', '整改中')
  group by r.branch_code
)

select * from final

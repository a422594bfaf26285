-- stg_evaluations: a branch secretary's annual rating (述职评议).
-- Grain: one row per branch per year. Key: (year, branch_code). Source: evaluations.
select year, branch_code, rating
from evaluations

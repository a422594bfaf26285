-- stg_cases: typical cases (典型案例) reported by universities; quarter as canonical 2022Q3.
-- Grain: one row per case. Key: case_id. Source: cases.
select case_id, university_code, branch_code, quarter, title, submitted_on, selection
from cases

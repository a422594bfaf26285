-- stg_universities: the universities of the warehouse, as loaded.
-- Grain: one row per university. Key: university_code. Source: universities.
select university_code, university_name, city, level
from universities

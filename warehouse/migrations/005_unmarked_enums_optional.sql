-- 所在地市 (universities.city) and 党员类别 (members.member_status): the contract marks neither
-- required, so a university or a member without one loads, NULL (ingest/contract/tables.ts).
alter table universities alter column city drop not null;
alter table members alter column member_status drop not null;

-- 004: the columns the quarantined row's file had. An orphan retried in a later run that
-- changes an existing row merges only those (as its file would have: a column the export lacks
-- keeps what is stored), not the others as empty. NULL (rows quarantined before): all columns.

alter table quarantine add column present_columns varchar[];

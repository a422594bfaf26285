-- 001: the nine tables of the data contract, with their keys, plus ingest bookkeeping.
-- Every loaded row carries its lineage: the run that last wrote it, the source file
-- (file × sheet) and the 1-based line as a spreadsheet shows it.
-- Personal data: members.name and observations.observer_name hold masked names only;
-- an ID number is never stored, only members.id_hash (a keyed hash, key outside this file).

create table ingest_runs (
  run_id            varchar primary key,
  started_at        timestamp not null,
  finished_at       timestamp,
  status            varchar not null,          -- committed | failed
  n_files           integer,
  rows_loaded       bigint,
  rows_updated      bigint,
  rows_quarantined  bigint,
  report            json                        -- the run's --json document
);

create sequence source_file_id_seq start 1;
create table source_files (
  file_id           integer primary key default nextval('source_file_id_seq'),
  run_id            varchar not null,
  path              varchar not null,
  sha256            varchar not null,
  bytes             bigint not null,
  table_name        varchar,                    -- null when refused before a table was recognised
  sheet             varchar,                    -- xlsx sheet name; null for text files
  status            varchar not null,           -- loaded | duplicate | refused
  rows_read         bigint not null default 0,
  rows_loaded       bigint not null default 0,
  rows_updated      bigint not null default 0,
  rows_quarantined  bigint not null default 0,
  message           varchar
);

create sequence quarantine_id_seq start 1;
create table quarantine (
  quarantine_id     bigint primary key default nextval('quarantine_id_seq'),
  run_id            varchar not null,
  file_id           integer not null,
  path              varchar not null,
  sheet             varchar,
  line              integer,
  table_name        varchar not null,
  column_name       varchar,
  value             varchar,
  reason            varchar not null,           -- in Chinese, for people
  reason_code       varchar not null,           -- required | bad_value | orphan | parent_quarantined | duplicate_key | bad_parent
  raw               json,                       -- the row's cells (masked), kept so an orphan can be retried
  retry             boolean not null default false,
  resolved_run_id   varchar                     -- set when a retried orphan finally loaded
);

create table universities (
  university_code   varchar primary key,
  university_name   varchar not null,
  city              varchar not null,
  level             varchar,
  run_id            varchar not null,
  file_id           integer not null,
  line              integer not null
);

create table org_units (
  org_code              varchar primary key,
  org_name              varchar not null,
  org_type              varchar not null,
  parent_code           varchar,
  university_code       varchar not null,
  branch_category       varchar,
  established_on        date,
  dissolved_on          date,
  is_contact_point      boolean,
  dual_leader_secretary boolean,
  run_id                varchar not null,
  file_id               integer not null,
  line                  integer not null
);

create table members (
  member_id         varchar primary key,
  name              varchar not null,           -- masked: 张*华
  id_hash           varchar,                    -- keyed SHA-256 of the normalised ID number
  member_status     varchar not null,
  branch_code       varchar not null,
  group_code        varchar,
  person_category   varchar,
  is_leading_cadre  boolean not null,
  branch_role       varchar not null,
  joined_branch_on  date,
  left_branch_on    date,
  run_id            varchar not null,
  file_id           integer not null,
  line              integer not null
);

create table activities (
  activity_id       varchar primary key,
  branch_code       varchar not null,
  group_code        varchar,
  activity_type     varchar not null,
  title             varchar not null,
  started_at        timestamp not null,
  ended_at          timestamp,
  mode              varchar not null,
  expected_count    integer,
  attended_count    integer,
  leave_count       integer,
  absent_count      integer,
  content_tags      varchar[] not null,
  has_minutes       boolean,
  criticism_count   integer,
  redo_of           varchar,
  run_id            varchar not null,
  file_id           integer not null,
  line              integer not null
);

-- Key (activity_id, member_id) is enforced by the ingest and checked by the data tests,
-- not by a PRIMARY KEY: an ART index on tens of millions of attendance rows made bulk
-- loads 3.5× slower and the file 8× larger (measured on 5 M rows).
create table attendance (
  activity_id        varchar not null,
  member_id          varchar not null,
  attendance_status  varchar not null,
  signed_in_at       timestamp,
  leave_reason       varchar,
  as_ordinary_member boolean,
  run_id             varchar not null,
  file_id            integer not null,
  line               integer not null
);

create table observations (
  observation_id     varchar primary key,
  activity_id        varchar not null,
  observer_name      varchar not null,          -- masked
  observer_org_code  varchar not null,
  score_political    double,
  score_contemporary double,
  score_principled   double,
  score_combative    double,
  problems           varchar[] not null,
  halted             boolean not null,
  comments           varchar,
  run_id             varchar not null,
  file_id            integer not null,
  line               integer not null
);

create table rectifications (
  item_id           varchar primary key,
  branch_code       varchar not null,
  source            varchar,
  observation_id    varchar,
  description       varchar not null,
  found_on          date not null,
  due_on            date not null,
  closed_on         date,
  status            varchar,
  run_id            varchar not null,
  file_id           integer not null,
  line              integer not null
);

create table cases (
  case_id           varchar primary key,
  university_code   varchar not null,
  branch_code       varchar,
  quarter           varchar,                    -- canonical 2022Q3
  title             varchar not null,
  submitted_on      date,
  selection         varchar,
  run_id            varchar not null,
  file_id           integer not null,
  line              integer not null
);

create table evaluations (
  year              integer not null,
  branch_code       varchar not null,
  rating            varchar not null,
  run_id            varchar not null,
  file_id           integer not null,
  line              integer not null,
  primary key (year, branch_code)
);

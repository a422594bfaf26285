-- 002: the follow-up of anomalies (异常核实), the closed loop of the dashboard's 异常 page.
-- Append-only: every status change is one row, never updated or deleted, so the history of
-- who set what and when is kept; an anomaly's current status is its latest row (highest
-- review_id), and an anomaly without a row is 待核实.
-- anomaly_key names an anomaly across model rebuilds: the SHA-256 of the key of mart_anomalies,
-- code|branch_code|period|activity_id|member_id (NULL as ''), computed by the dashboard
-- ($lib/server/queries/anomalies.ts ANOMALY_KEY_SQL). code, branch_code and period are kept
-- beside it so a review still reads right when new data makes the anomaly disappear.
-- reviewed_by: the signed-in user's name once access control exists, else '匿名' or the OS
-- user of the server process; reviewed_at: Asia/Shanghai wall clock.

create sequence anomaly_review_id_seq start 1;

create table anomaly_reviews (
  review_id     bigint primary key default nextval('anomaly_review_id_seq'),
  anomaly_key   varchar not null,
  code          varchar not null,
  branch_code   varchar not null,
  period        varchar not null,
  status        varchar not null check (status in ('待核实', '已核实', '误报', '已转整改')),
  note          varchar,
  reviewed_by   varchar not null,
  reviewed_at   timestamp not null
);

create index anomaly_reviews_by_key on anomaly_reviews (anomaly_key);

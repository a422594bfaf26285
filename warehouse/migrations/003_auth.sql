-- 003: access control (auth/): the dashboard's users, their sessions and the audit log, in a
-- schema of their own so that nothing that lists or rebuilds the data tables (schema main)
-- ever touches them.
-- users: one row per account. role is province | university | college; scope_code is NULL for
-- the province, a university_code for a university user, a college org_code (院系党委 or
-- 党总支) for a college user — checked against the warehouse when the user is added
-- (auth/users.ts). password_hash is an argon2id PHC string; a clear password is never stored.
-- sessions: the SHA-256 of the session token (the cookie holds the token, the database only
-- its hash, so a copy of this file opens no session). Idle and absolute expiry are decided
-- in auth/sessions.ts from created_at and last_seen_at.
-- audit_log: append-only (auth/audit.ts has no update or delete): who signed in or failed to,
-- who viewed member-level pages, who exported or uploaded what, who changed an anomaly's
-- status, who managed users; `logged_at` is the instant (TIMESTAMPTZ), shown in Asia/Shanghai.

create schema auth;

create table auth.users (
  username             varchar primary key,
  role                 varchar not null check (role in ('province', 'university', 'college')),
  scope_code           varchar,
  password_hash        varchar not null,
  created_at           timestamptz not null,
  password_changed_at  timestamptz not null,
  check ((role = 'province') = (scope_code is null))
);

create table auth.sessions (
  token_hash    varchar primary key,
  username      varchar not null,
  created_at    timestamptz not null,
  last_seen_at  timestamptz not null,
  address       varchar
);

create sequence auth.audit_id_seq start 1;

create table auth.audit_log (
  audit_id    bigint primary key default nextval('auth.audit_id_seq'),
  logged_at   timestamptz not null,
  username    varchar not null,
  role        varchar,
  scope_code  varchar,
  action      varchar not null,
  target      varchar,
  detail      varchar,
  address     varchar
);

-- The hub's first schema. Times are epoch milliseconds (bigint) from the hub's clock, the same unit the
-- consoles use. Every table is keyed by site first, so one database can hold the sites of a region.

create table users (
  username      text primary key,
  site          text not null,
  role          text not null check (role in ('viewer', 'operator', 'lead', 'trainer', 'admin')),
  display_name  text not null default '',
  password_hash text not null,
  created_at    bigint not null,
  disabled      boolean not null default false
);

-- Only a hash of the token is stored: a copy of the database does not hand out sessions.
create table sessions (
  token_hash     text primary key,
  username       text not null references users (username) on delete cascade,
  created_at     bigint not null,
  expires_at     bigint not null,
  max_expires_at bigint not null
);
create index sessions_expires on sessions (expires_at);

-- The change feed the consoles pull by cursor (seq) and receive live. Within one site, seq order is commit
-- order: every writing transaction takes the site's advisory lock before it draws a seq.
create table feed (
  seq         bigserial primary key,
  site        text not null,
  entity      text not null,
  entity_id   text not null,
  body        jsonb not null,
  change      jsonb,
  by_user     text not null,
  console_id  text not null,
  received_at bigint not null
);
create index feed_site_seq on feed (site, seq);

-- Every applied record id (and the feed row it made, if any): a retried record is stored once and answered
-- "duplicate". Refused records are not kept: they changed nothing.
create table pushed (
  site        text not null,
  kind        text not null,
  id          text not null,
  seq         bigint,
  by_user     text not null,
  console_id  text not null,
  received_at bigint not null,
  primary key (site, kind, id)
);

create table tasks (
  site        text not null,
  id          text not null,
  robot_id    text not null,
  state       text not null,
  version     integer not null,
  body        jsonb not null,
  created_by  text not null,
  updated_by  text not null,
  updated_at  bigint not null,
  primary key (site, id)
);
create index tasks_site_robot on tasks (site, robot_id);

create table audit (
  site        text not null,
  id          text not null,
  at          bigint not null,
  robot_id    text not null,
  kind        text not null,
  person      text not null,
  data        jsonb not null,
  prev_hash   text,
  hash        text,
  by_user     text not null,
  console_id  text not null,
  received_at bigint not null,
  primary key (site, id)
);
create index audit_site_at on audit (site, at);

-- Append-only is the database's rule too, not only the hub's code path.
create function audit_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit entries are append-only (% refused)', tg_op;
end
$$;
create trigger audit_append_only before update or delete on audit
  for each row execute function audit_is_append_only();

create table incidents (
  site        text not null,
  id          text not null,
  robot_id    text not null,
  at          bigint not null,
  version     integer not null,
  body        jsonb not null,
  created_by  text not null,
  updated_by  text not null,
  updated_at  bigint not null,
  primary key (site, id)
);
create index incidents_site_at on incidents (site, at);

create table incident_edits (
  site        text not null,
  id          text not null,
  incident_id text not null,
  at          bigint not null,
  set_fields  jsonb not null,
  by_user     text not null,
  console_id  text not null,
  received_at bigint not null,
  seq         bigint not null,
  primary key (site, id)
);
create index incident_edits_by_incident on incident_edits (site, incident_id, seq);

create table mode_spans (
  site        text not null,
  id          text not null,
  robot_id    text not null,
  mode        text not null,
  start_at    bigint not null,
  end_at      bigint,
  by_user     text not null,
  console_id  text not null,
  primary key (site, id)
);
create index mode_spans_site_robot on mode_spans (site, robot_id, start_at);

-- Blob bytes live in the object store (by default the two tables after this one); this is what is known.
create table blobs (
  site        text not null,
  id          text not null,
  mime        text not null,
  size        bigint not null,
  sha256      text not null,
  incident_id text,
  store_ref   text not null,
  created_at  bigint not null,
  by_user     text not null,
  primary key (site, id)
);

create table object_uploads (
  ref        text primary key,
  started_at bigint not null,
  done       boolean not null default false
);
create table object_chunks (
  ref  text not null references object_uploads (ref) on delete cascade,
  n    integer not null,
  data bytea not null,
  primary key (ref, n)
);

create table leases (
  site        text not null,
  robot_id    text not null,
  holder      text not null,
  console_id  text not null,
  acquired_at bigint not null,
  expires_at  bigint not null,
  primary key (site, robot_id)
);

create table site_profiles (
  site       text primary key,
  version    integer not null,
  body       jsonb not null,
  by_user    text not null,
  updated_at bigint not null
);

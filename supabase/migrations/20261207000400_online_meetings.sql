-- Online events and their meeting links. An online event gets a meeting from each
-- connected meeting provider; the link of the most recent active one is kept on
-- the event itself (meeting_url) so every fact about the event carries it.
-- A meeting deleted at the provider by hand stays as a row marked missing, with
-- the reason, until the event is cancelled or made offline.
alter table events add column online boolean not null default false;
alter table events add column meeting_url text;

create table event_meetings (
  org_id uuid not null references organizations(id) on delete cascade,
  event_id uuid not null references events(id) on delete cascade,
  connection_id uuid not null references connections(id) on delete cascade,
  provider_meeting_id text not null,
  join_url text not null,
  status text not null default 'active' check (status in ('active', 'missing')),
  missing_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (connection_id, event_id)
);
create index event_meetings_event on event_meetings (event_id);
create index event_meetings_provider_id on event_meetings (connection_id, provider_meeting_id);

alter table event_meetings enable row level security;
create policy event_meetings_tenant on event_meetings using (org_id = app_current_org()) with check (org_id = app_current_org());

-- Phone calls placed through a voice connection (an urgent change read out to an
-- attendee), with the latest call status. Status callbacks arrive in any order, so
-- a status is applied only over a lower rank: queued < initiated < ringing <
-- in-progress < a final one (completed, busy, no-answer, failed, canceled).
create table voice_calls (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  connection_id uuid not null references connections(id) on delete cascade,
  attendee_id uuid references attendees(id) on delete set null,
  -- What asked for the call (a bulk message's recipient row); with connection_id it is placed once.
  ref text not null,
  to_number text not null,
  from_number text not null,
  message text not null,
  twiml text not null,
  sid text,
  status text not null,
  status_rank int not null default 0,
  duration_seconds int,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index voice_calls_once on voice_calls (connection_id, ref);
create unique index voice_calls_sid on voice_calls (connection_id, sid) where sid is not null;
create index voice_calls_attendee on voice_calls (attendee_id, created_at) where attendee_id is not null;

alter table voice_calls enable row level security;
create policy voice_calls_tenant on voice_calls using (org_id = app_current_org()) with check (org_id = app_current_org());

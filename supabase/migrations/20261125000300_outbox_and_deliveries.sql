-- The transactional outbox: a row here commits with the domain write it describes.
create table domain_events (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  type text not null,
  version integer not null,
  aggregate_type text not null,
  aggregate_id uuid not null,
  payload jsonb not null,
  occurred_at timestamptz not null default now(),
  dispatched_at timestamptz
);
create index domain_events_org_idx on domain_events (org_id, occurred_at desc);
create index domain_events_undispatched_idx on domain_events (occurred_at) where dispatched_at is null;

-- One row per (domain event, subscriber): what the dispatcher fanned out, and how it went.
create table subscriber_deliveries (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  domain_event_id uuid not null references domain_events(id) on delete cascade,
  subscriber text not null,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'retrying', 'dead')),
  attempts integer not null default 0,
  last_error text,
  next_attempt_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (domain_event_id, subscriber)
);
create index subscriber_deliveries_org_idx on subscriber_deliveries (org_id, created_at desc);

-- What the built-in activity subscriber received: the organization's audit trail.
create table activity_log (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  domain_event_id uuid not null unique references domain_events(id) on delete cascade,
  type text not null,
  summary text not null,
  received_at timestamptz not null default now()
);
create index activity_log_org_idx on activity_log (org_id, received_at desc);

-- Addresses an organization's e-mail provider reported as undeliverable or
-- unwanted (a bounce, a drop, a spam report, an unsubscribe): no e-mail is sent
-- to them again. One row per address; the latest report wins.
create table email_suppressions (
  org_id uuid not null references organizations(id) on delete cascade,
  -- Lowercased: providers report the address in whatever case it was sent to.
  email text not null,
  connection_id uuid references connections(id) on delete set null,
  reason text not null,
  event_type text not null,
  occurred_at timestamptz not null,
  created_at timestamptz not null default now(),
  primary key (org_id, email)
);

-- Every delivery event a provider reported, once per provider event id: the
-- counts on the connector page are counted from here, so a batch posted twice
-- (or one event in two batches) counts once.
create table email_events (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  connection_id uuid not null references connections(id) on delete cascade,
  provider_event_id text not null,
  event_type text not null,
  email text not null,
  occurred_at timestamptz not null,
  created_at timestamptz not null default now(),
  unique (connection_id, provider_event_id)
);
create index email_events_counts on email_events (connection_id, event_type);

alter table email_suppressions enable row level security;
create policy email_suppressions_tenant on email_suppressions using (org_id = app_current_org()) with check (org_id = app_current_org());
alter table email_events enable row level security;
create policy email_events_tenant on email_events using (org_id = app_current_org()) with check (org_id = app_current_org());

-- Two-way calendar sync: every change an organizer made in their calendar to one
-- of our entries, and what Switchboard did about it, for the connector page. The
-- fields that changed are kept as before/after; an entry removed under the
-- "calendar wins" policy waits here for a person to confirm or put it back.
create table calendar_changes (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  connection_id uuid not null references connections(id) on delete cascade,
  event_id uuid references events(id) on delete set null,
  entry_id text not null,
  -- {"startsAt": {"before": "...", "after": "..."}, "removed": {"before": false, "after": true}, ...}
  fields jsonb not null default '{}',
  policy text not null check (policy in ('switchboard', 'calendar')),
  outcome text not null check (outcome in ('applied', 'reverted', 'refused', 'awaiting_confirmation', 'confirmed', 'dismissed')),
  reason text,
  resolved_at timestamptz,
  created_at timestamptz not null default now()
);
create index calendar_changes_connection on calendar_changes (connection_id, created_at desc);
-- At most one removal waits for confirmation per entry, so repeated notifications ask once.
create unique index calendar_changes_one_waiting on calendar_changes (connection_id, entry_id) where outcome = 'awaiting_confirmation';

alter table calendar_changes enable row level security;
create policy calendar_changes_tenant on calendar_changes using (org_id = app_current_org()) with check (org_id = app_current_org());

-- When the channel's changes were last read, for the connector page.
alter table calendar_channels add column last_synced_at timestamptz;

-- Push channels that calendars call back on when an entry changes (a Google
-- watch channel, a Graph subscription), one active per connection. Only a hash of
-- the secret that comes back with every notification is kept: it is compared,
-- never sent again. The cursor is where the next read of changes starts
-- (Google's syncToken, Graph's deltaLink); null means a full sync is due.
create table calendar_channels (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  connection_id uuid not null references connections(id) on delete cascade,
  channel_id text not null,
  resource_id text,
  secret_hash text not null,
  expires_at timestamptz not null,
  status text not null default 'active' check (status in ('active', 'stopped')),
  cursor text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index calendar_channels_channel on calendar_channels (connection_id, channel_id);
create unique index calendar_channels_one_active on calendar_channels (connection_id) where status = 'active';
create index calendar_channels_expiry on calendar_channels (expires_at) where status = 'active';

alter table calendar_channels enable row level security;
create policy calendar_channels_tenant on calendar_channels using (org_id = app_current_org()) with check (org_id = app_current_org());

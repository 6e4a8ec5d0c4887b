-- Posts about events on social networks (X, LinkedIn), one row per connection,
-- event and kind of news. The row is claimed ('posting') before the network is
-- called, so a retried delivery never posts twice what was already posted; for a
-- move, `subject` is the post whose schedule it corrects, so each move is told
-- once, a move back to a time told before included.
create table social_posts (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  connection_id uuid not null references connections(id) on delete cascade,
  event_id uuid not null references events(id) on delete cascade,
  kind text not null check (kind in ('published', 'cancelled', 'moved')),
  subject text not null default '',
  -- posting: claimed, the network's answer not yet known; duplicate: the network already had this text;
  -- failed: may have reached the network (a retry sends the same text); refused: the network refused it for sure.
  status text not null default 'posting' check (status in ('posting', 'posted', 'duplicate', 'failed', 'refused')),
  text text not null,
  -- The event's details the text tells (title, date, venue, link), so a retry knows when the text went stale.
  details text not null default '',
  -- The schedule this post told people about, so a later change of time is known as a move.
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  external_id text,
  url text,
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (connection_id, event_id, kind, subject)
);
create index social_posts_connection on social_posts (connection_id, created_at desc);
create index social_posts_org on social_posts (org_id);

alter table social_posts enable row level security;
create policy social_posts_tenant on social_posts using (org_id = app_current_org()) with check (org_id = app_current_org());

-- Bulk messages from an event's admin page (broadcasts). One row per broadcast
-- and one per recipient: the unique (broadcast_id, address) is what makes an
-- address hear a broadcast once, and the recipient's status is what the sending
-- job claims, so a second worker or a re-run after a crash skips what is done.

-- What "urgent" means for a phone call: the event was cancelled, or its start
-- moved by more than an hour from the start it had when it was published.
alter table events add column published_starts_at timestamptz;
update events set published_starts_at = starts_at where published_at is not null;
-- The event's language (BCP 47), for what a provider speaks or localises.
alter table events add column language text not null default 'en-US'
  check (language ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$');

create table broadcasts (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  event_id uuid not null references events(id) on delete cascade,
  connection_id uuid not null references connections(id) on delete cascade,
  channel text not null,
  audience text not null check (audience in ('all', 'paid', 'checked_in', 'not_checked_in')),
  subject text not null default '',
  text text not null,
  created_by uuid references users(id) on delete set null,
  status text not null default 'sending' check (status in ('sending', 'done')),
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index broadcasts_event on broadcasts (event_id, created_at desc);
create index broadcasts_org_id on broadcasts (org_id);

create table broadcast_recipients (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  broadcast_id uuid not null references broadcasts(id) on delete cascade,
  attendee_id uuid references attendees(id) on delete set null,
  name text not null,
  address text not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'skipped', 'failed')),
  reason text,
  -- The provider's id for what it accepted (a message SID, an X-Message-Id).
  provider_ref text,
  -- The provider's later word (delivered, bounced, opened, no-answer, …), applied only over a lower rank.
  delivery text,
  delivery_rank int not null default 0,
  delivery_detail text,
  -- When a run took the row ('sending'); a row left 'sending' past the lease belonged to a run that died.
  claimed_at timestamptz,
  attempts int not null default 0,
  updated_at timestamptz not null default now(),
  unique (broadcast_id, address)
);
create index broadcast_recipients_claim on broadcast_recipients (broadcast_id, status);
create index broadcast_recipients_ref on broadcast_recipients (provider_ref) where provider_ref is not null;
create index broadcast_recipients_org_id on broadcast_recipients (org_id);

alter table broadcasts enable row level security;
create policy broadcasts_tenant on broadcasts using (org_id = app_current_org()) with check (org_id = app_current_org());
alter table broadcast_recipients enable row level security;
create policy broadcast_recipients_tenant on broadcast_recipients using (org_id = app_current_org()) with check (org_id = app_current_org());

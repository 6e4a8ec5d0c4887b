-- What a connector has to tell an admin about one order: a provider refused to
-- book it (with the provider's own message), or someone changed the books by hand
-- (a receipt voided in the accounting system). One row per order, connection and
-- kind of note; a later success clears an error note.
create table order_notes (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  order_id uuid not null references orders(id) on delete cascade,
  connection_id uuid not null references connections(id) on delete cascade,
  key text not null,
  severity text not null check (severity in ('error', 'warning')),
  message text not null,
  resolved_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index order_notes_one_per_key on order_notes (order_id, connection_id, key);
create index order_notes_open on order_notes (org_id, order_id) where resolved_at is null;

alter table order_notes enable row level security;
create policy order_notes_tenant on order_notes using (org_id = app_current_org()) with check (org_id = app_current_org());

-- A backfill: a connector catching up with past orders, in batches through the
-- job queue; `cursor` is the last order done (by paid time, then id), so a
-- stopped backfill resumes where it was.
create table backfills (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  connection_id uuid not null references connections(id) on delete cascade,
  status text not null check (status in ('running', 'done', 'failed')),
  total integer not null,
  done integer not null default 0,
  failed integer not null default 0,
  cursor_paid_at timestamptz,
  cursor_order_id uuid,
  last_error text,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  updated_at timestamptz not null default now()
);
create index backfills_connection on backfills (connection_id, started_at desc);
-- One running backfill per connection.
create unique index backfills_one_running on backfills (connection_id) where status = 'running';

alter table backfills enable row level security;
create policy backfills_tenant on backfills using (org_id = app_current_org()) with check (org_id = app_current_org());

-- Files: cover images, event materials and attendees' uploads. One row per file;
-- its bytes live on the local disk (connection_id null) or with the storage
-- connection that took it. The object key is generated (org/<org>/<purpose>/<id>)
-- and never holds a name a person typed; the typed name is only the download's.
create table files (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  -- Kept when the event is deleted, so the removal job still finds the file.
  event_id uuid references events(id) on delete set null,
  purpose text not null check (purpose in ('cover', 'material', 'answer')),
  filename text not null check (length(filename) between 1 and 255),
  content_type text not null check (length(content_type) between 3 and 255),
  size_bytes bigint not null check (size_bytes >= 0),
  object_key text not null,
  -- Null: the local disk under .data. Otherwise the storage connection that holds the bytes.
  connection_id uuid references connections(id),
  -- uploading: a browser upload was signed and not yet confirmed; stored: readable;
  -- deleting: gone for the product, its bytes removed by the queue.
  status text not null default 'stored' check (status in ('uploading', 'stored', 'deleting')),
  -- The storage connection the file is waiting for while its bytes sit on the local
  -- disk because that connection could not take them (down, refusing).
  move_to_connection_id uuid references connections(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index files_object_key on files (coalesce(connection_id, '00000000-0000-0000-0000-000000000000'::uuid), object_key);
create index files_org_event on files (org_id, event_id, purpose) where status <> 'deleting';
create index files_waiting_move on files (move_to_connection_id) where move_to_connection_id is not null;
alter table files enable row level security;
create policy files_tenant on files using (org_id = app_current_org()) with check (org_id = app_current_org());

alter table events add column cover_file_id uuid references files(id) on delete set null;

-- A "file" registration question: which types it takes (MIME types, checked
-- against the bytes, not the name) and how large a file may be.
alter table event_questions add column file_accept text[] not null default '{}';
alter table event_questions add column file_max_bytes integer check (file_max_bytes is null or file_max_bytes > 0);

-- The code on a ticket (its QR code and what a person types at the door): 64 random
-- bits, unique across organizations, so a code found on a photo of one ticket names
-- nothing else.
alter table attendees add column ticket_code text not null default upper(substr(md5(gen_random_uuid()::text), 1, 16));
create unique index attendees_ticket_code on attendees (ticket_code);

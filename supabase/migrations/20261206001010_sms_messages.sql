-- Every SMS sent or received through an SMS connection, with its latest delivery
-- status (ranked, so a late "sent" never overwrites "delivered"), and the numbers
-- that replied STOP: no SMS goes to them again until they reply START.
create table sms_messages (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  connection_id uuid not null references connections(id) on delete cascade,
  attendee_id uuid references attendees(id) on delete set null,
  direction text not null check (direction in ('outbound', 'inbound')),
  -- The fact that caused an outbound message; with to_number it is sent once.
  domain_event_id uuid,
  to_number text not null,
  from_number text,
  body text not null,
  sid text,
  status text not null,
  status_rank int not null default 0,
  error_code int,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index sms_messages_once_per_fact on sms_messages (connection_id, domain_event_id, to_number) where domain_event_id is not null;
create unique index sms_messages_sid on sms_messages (connection_id, sid) where sid is not null;
create index sms_messages_attendee on sms_messages (attendee_id, created_at) where attendee_id is not null;

create table sms_opt_outs (
  org_id uuid not null references organizations(id) on delete cascade,
  phone text not null,
  opted_out_at timestamptz not null default now(),
  keyword text not null,
  primary key (org_id, phone)
);

alter table sms_messages enable row level security;
create policy sms_messages_tenant on sms_messages using (org_id = app_current_org()) with check (org_id = app_current_org());
alter table sms_opt_outs enable row level security;
create policy sms_opt_outs_tenant on sms_opt_outs using (org_id = app_current_org()) with check (org_id = app_current_org());

-- Event reminders. Each event says how long before its start its attendees are
-- reminded (minutes; 24 h and 1 h unless an organizer changes it), and each
-- reminder that went out is one row: the primary key (attendee, offset) is what
-- makes a reminder go out once, however often its job runs, on however many
-- workers. The row is written in the same transaction as the event.reminder fact.
alter table events
  add column reminder_offsets integer[] not null default '{1440,60}'
    check (cardinality(reminder_offsets) <= 5 and 1 <= all(reminder_offsets) and 43200 >= all(reminder_offsets));

create table event_reminders (
  attendee_id uuid not null references attendees(id) on delete cascade,
  offset_minutes integer not null check (offset_minutes > 0),
  org_id uuid not null references organizations(id) on delete cascade,
  event_id uuid not null references events(id) on delete cascade,
  -- The start the reminder announced (the event may move afterwards).
  starts_at timestamptz not null,
  -- The event.reminder fact it was told as (kept without a foreign key: facts have their own retention).
  domain_event_id uuid not null,
  sent_at timestamptz not null default now(),
  primary key (attendee_id, offset_minutes)
);

create index event_reminders_org_id on event_reminders (org_id);
create index event_reminders_event_id on event_reminders (event_id);

alter table event_reminders enable row level security;
create policy event_reminders_tenant on event_reminders using (org_id = app_current_org()) with check (org_id = app_current_org());

-- Registration questions: what an organizer asks on an event's public form, and
-- the answers. Answers are kept on the attendee as a snapshot (the question's
-- wording and kind when it was answered), so deleting or rewording a question
-- later never changes or loses what someone answered. A paid order keeps the
-- answers given at checkout until it settles; they become its attendees' then.

create table event_questions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  event_id uuid not null references events(id) on delete cascade,
  position int not null,
  label text not null check (length(label) between 1 and 200),
  help text not null default '',
  -- A built-in kind (short-text, long-text, choice, checkbox, email, url) or a connector's.
  kind text not null check (kind ~ '^[a-z][a-z0-9-]{0,39}$'),
  required boolean not null default false,
  choices text[] not null default '{}',
  -- Null: asked for every ticket type.
  ticket_type_id uuid references ticket_types(id) on delete cascade,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index event_questions_event on event_questions (event_id, position);
create index event_questions_org_id on event_questions (org_id);
alter table event_questions enable row level security;
create policy event_questions_tenant on event_questions using (org_id = app_current_org()) with check (org_id = app_current_org());

-- [{questionId, question, kind, value}] in the event's order (AnswerSnapshot).
alter table attendees add column answers jsonb not null default '[]';
-- The same, each with the ticket type it was asked for (null: all), until the order settles.
alter table orders add column pending_answers jsonb not null default '[]';

-- Payload versions an outbound endpoint receives, per event type ({"registration.created": 1}).
-- An endpoint pins the versions current when it was made; a type it has no entry
-- for is sent in its latest version. Endpoints made before versions existed stay
-- on version 1 of the facts that have gained a version 2 since.
alter table webhook_endpoints add column payload_versions jsonb not null default '{}';
update webhook_endpoints
  set payload_versions = '{"registration.created": 1, "ticket.purchased": 1}'
  where source = 'admin';

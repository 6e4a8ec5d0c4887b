-- Alerts: one row per incident, a problem of an organization's integrations that
-- needs a person (a connection to reconnect, a breaker open too long, a grant
-- about to lapse, an outbound endpoint disabled, deliveries piling up). An
-- incident is opened once, kept open while the problem lasts (last_seen_at) and
-- resolved when it clears; what was sent when it opened and when it resolved is
-- kept on it, so the alert log shows who was told and how.
create table alert_incidents (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  kind text not null check (kind in (
    'connection.needs_attention', 'connection.breaker_open', 'connection.grant_lapsing',
    'webhook.endpoint_disabled', 'deliveries.backlog')),
  -- The connection or outbound endpoint it is about; null for the organization as a whole.
  subject_id uuid,
  -- What makes one occurrence distinct where the subject alone does not (the end date of a grant).
  fingerprint text,
  title text not null,
  detail text not null,
  opened_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  resolved_at timestamptz,
  -- { at, emailedTo, emailChannel, emailError?, chat: [{ connector, posted, error? }] } once sent.
  opened_notice jsonb,
  resolved_notice jsonb
);
-- One open incident per (organization, kind, subject): the second of two
-- evaluations racing to open the same incident finds the first one's row.
create unique index alert_incidents_one_open on alert_incidents (org_id, kind, coalesce(subject_id, '00000000-0000-0000-0000-000000000000'::uuid)) where resolved_at is null;
create index alert_incidents_log on alert_incidents (org_id, opened_at desc);

alter table alert_incidents enable row level security;
create policy alert_incidents_tenant on alert_incidents using (org_id = app_current_org()) with check (org_id = app_current_org());

-- When the breaker last left the closed state: opened_at moves each time a
-- half-open test call fails, so it cannot say how long calls have been failing.
alter table circuit_breakers add column tripped_at timestamptz;
-- A breaker open now counts from its last opening, the best this table knew.
update circuit_breakers set tripped_at = coalesce(opened_at, updated_at) where state <> 'closed';

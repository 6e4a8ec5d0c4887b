-- The alerts sweep (lib/alerts), every minute.

-- Waiting and retrying deliveries per organization, oldest first: the backlog
-- condition and the sweep's choice of organizations read only these few rows,
-- not (org_id, created_at) over every delivery and message the retention keeps.
create index if not exists subscriber_deliveries_waiting_idx on subscriber_deliveries (org_id, created_at) where status in ('pending', 'retrying');
create index if not exists webhook_messages_waiting_idx on webhook_messages (org_id, created_at) where status in ('pending', 'retrying');

-- Set when the failing-deliveries rule disabled the endpoint (not an admin, not
-- a 410 Gone), in the same transaction; cleared when it is enabled again. The
-- evaluation reads it, so an incident lost between that commit and its raise is
-- opened by the next sweep.
alter table webhook_endpoints add column disabled_for_failures_at timestamptz;
update webhook_endpoints set disabled_for_failures_at = updated_at
  where not enabled and disabled_reason like 'Every delivery failed since %';
create index if not exists webhook_endpoints_disabled_for_failures_idx on webhook_endpoints (org_id) where disabled_for_failures_at is not null;

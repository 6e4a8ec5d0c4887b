-- Indexes for pruning the tables that grow with traffic (lib/retention) and for
-- the pages that read them, so a year of rows is a look at the few that matter,
-- not a scan. `if not exists`: on a big installation an operator may build them
-- first with CREATE INDEX CONCURRENTLY under these names (this migration runs in
-- a transaction and would block writes while it builds them).

-- Call log: pruning by age; the Health page's org-wide 24 h / 7 d aggregates
-- (per connection they use integration_calls_connection_idx); the connector
-- page's log filtered to its errors.
create index if not exists integration_calls_created_idx on integration_calls (created_at);
create index if not exists integration_calls_org_created_idx on integration_calls (org_id, created_at);
create index if not exists integration_calls_errors_idx on integration_calls (connection_id, created_at desc) where outcome <> 'success';

-- Outbound messages: pruning the finished ones by age; a fact's messages, which
-- the fact's pruning and its foreign key's cascade look up (the unique index
-- leads with endpoint_id, so it cannot).
create index if not exists webhook_messages_finished_idx on webhook_messages (created_at) where status in ('succeeded', 'failed');
create index if not exists webhook_messages_domain_event_idx on webhook_messages (domain_event_id) where domain_event_id is not null;

-- Received callbacks: pruning by age (the page reads webhook_events_org_idx).
create index if not exists webhook_events_received_idx on webhook_events (received_at);

-- Facts: pruning the dispatched ones by age; the latest facts of one type of an
-- organization, which Zapier's editor shows as a trigger's samples.
create index if not exists domain_events_dispatched_idx on domain_events (occurred_at) where dispatched_at is not null;
create index if not exists domain_events_org_type_idx on domain_events (org_id, type, occurred_at desc);

-- Activity notices that come from no fact, pruned by age.
create index if not exists activity_log_notices_idx on activity_log (received_at) where domain_event_id is null;

-- Subscriber deliveries: pruning the finished ones by when they last changed.
create index if not exists subscriber_deliveries_finished_idx on subscriber_deliveries (updated_at) where status in ('succeeded', 'skipped', 'dead');

-- Indexes for the Health page (lib/health). The call log and delivery attempts
-- are already read through (connection_id, created_at) and (endpoint_id,
-- attempted_at); these cover what it reads besides, so the page stays an index
-- probe per connection or endpoint however much history the tables hold.
-- Checked with EXPLAIN ANALYZE over 20 organizations (6,000 calls, 6,000
-- deliveries, 3,600 messages and attempts): each query below scans only its own
-- index entries; without them the waiting messages were found by filtering every
-- organization's unfinished messages, and the last delivery by walking back
-- through an endpoint's failures.

-- An endpoint's last delivered message: without it, finding it scans every
-- message the endpoint ever failed.
create index webhook_messages_delivered_idx on webhook_messages (endpoint_id, delivered_at desc) where delivered_at is not null;

-- Messages waiting for their next attempt, per endpoint.
create index webhook_messages_retrying_idx on webhook_messages (org_id, endpoint_id) where status = 'retrying';

-- Deliveries to a connection ("connection:<id>") waiting for their next attempt.
create index subscriber_deliveries_retrying_idx on subscriber_deliveries (org_id, subscriber) where status = 'retrying';

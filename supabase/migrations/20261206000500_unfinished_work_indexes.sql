-- The worker's sweep looks for unfinished work whose job is gone (see
-- lib/jobs/sweeper.ts) every minute; these keep that a look at the few
-- unfinished rows, not a scan of every message and delivery ever made.
create index webhook_messages_unfinished_idx on webhook_messages (created_at) where status in ('pending', 'retrying');
create index subscriber_deliveries_unfinished_idx on subscriber_deliveries (created_at) where status in ('pending', 'retrying');

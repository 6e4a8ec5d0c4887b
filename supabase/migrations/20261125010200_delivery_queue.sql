-- Deliveries to one ordered subscriber (an integration connection) run one at a
-- time, in order, through a graphile-worker job queue of that name. Kept on the
-- row so a manual retry goes back into the same queue.
alter table subscriber_deliveries add column queue_name text;

-- When a failed callback will be processed again. A failed row without it has
-- failed for good: the provider refused in a way retrying cannot change (the
-- object is gone, the request is invalid, the grant was revoked), or the
-- attempts are spent. Either way a person decides, with Reprocess.
alter table webhook_events add column retry_at timestamptz;

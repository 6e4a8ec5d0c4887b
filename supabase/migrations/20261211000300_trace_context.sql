-- The W3C traceparent of the request that recorded a fact, so the jobs that fan
-- it out and deliver it continue the same trace. Null when tracing is off or the
-- fact was recorded outside a traced request.
alter table domain_events add column traceparent text;

-- The activity log also keeps notices that come from no domain event (an
-- outbound webhook endpoint disabled after days of failure, and whether its
-- admins were e-mailed). Facts keep their one row each through the unique index.
alter table activity_log alter column domain_event_id drop not null;

-- Work a connection needs now and then (lib/connection-upkeep): when its
-- connector's periodic work last ran and how it went, and when its OAuth grant
-- itself lapses (a refresh token that expires, Intuit's after 100 days unused),
-- with the expiry the admins were last warned about, so each lapse is told once.
alter table connections
  add column refresh_token_expires_at timestamptz,
  add column grant_lapse_noticed_for timestamptz,
  add column periodic_ran_at timestamptz,
  add column periodic_outcome text;
create index connections_refresh_token_expires_at on connections (refresh_token_expires_at) where refresh_token_expires_at is not null;

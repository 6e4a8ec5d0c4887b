-- Counters of the named rate limits (lib/rate-limit), shared by every server
-- process through this table. The columns are the ones rate-limiter-flexible's
-- Postgres store reads and writes: key is "<limit name>:<hash of IP, e-mail or
-- connection>", points the count in the current window, expire its end in epoch
-- milliseconds. The store deletes rows that expired over an hour ago every five
-- minutes, so the table holds only the last hour's keys.
create table rate_limits (
  key varchar(255) primary key,
  points integer not null default 0,
  expire bigint
);

create index rate_limits_expire on rate_limits (expire);

-- Operational data, no tenant's business: no role but the owner may read it.
alter table rate_limits enable row level security;
create policy rate_limits_none on rate_limits using (false);

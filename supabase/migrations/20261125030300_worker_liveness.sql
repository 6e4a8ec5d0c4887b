-- One row per running graphile-worker pool, refreshed every few seconds by the
-- pool's own process (lib/jobs/liveness.ts). graphile-worker only frees the jobs
-- of a dead worker after 4 hours; with these rows a live worker can tell a dead
-- one (last_seen_at too old) from a busy one and free its jobs at once.
-- worker_id is the value graphile-worker writes into _private_jobs.locked_by:
-- in 0.18 that is the pool id ("pool-…"), shared by all its concurrent workers.
create table worker_heartbeats (
  worker_id text primary key,
  hostname text not null,
  pid integer not null,
  started_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);

-- The sweeper looks for the oldest heartbeats.
create index worker_heartbeats_last_seen_at on worker_heartbeats (last_seen_at);

-- Operational data, no tenant's business: no role but the owner may read it.
alter table worker_heartbeats enable row level security;
create policy worker_heartbeats_none on worker_heartbeats using (false);

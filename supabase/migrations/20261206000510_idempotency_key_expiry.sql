-- An Idempotency-Key whose request crashed mid-way must not answer 409 forever:
-- locked_at says since when the current request has held the key, so a retry
-- can take over a key held longer than the bound; lock_id says which request
-- holds it, so the one that lost it can neither store its answer nor free it.
alter table api_idempotency_keys
  add column locked_at timestamptz not null default now(),
  add column lock_id uuid;

-- The worker deletes keys past their retention (24 hours by default).
create index api_idempotency_keys_created_idx on api_idempotency_keys (created_at);

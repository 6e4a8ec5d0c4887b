-- One refund request per ticket, or per whole order, claimed before the payment
-- provider is called. The unique (order_id, scope) row is the lock: a second click,
-- or a concurrent request, finds it claimed or done and never calls the provider
-- again. The provider's idempotency key derives from the row's id (and key_version,
-- bumped only after the provider refused, when nothing was refunded).
create table refund_requests (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  order_id uuid not null references orders(id) on delete cascade,
  -- The refunded ticket's attendee id, or 'order' for the whole order.
  scope text not null,
  attendee_ids uuid[] not null default '{}',
  amount_minor integer not null check (amount_minor > 0),
  -- For providers that tell refunds apart only by the refunded total: the total
  -- this refund brings the payment to.
  target_minor integer,
  -- claimed: being sent (or sent without an answer); requested: the provider took
  -- it; failed: the call failed (error says why) and it may be asked again.
  status text not null default 'claimed' check (status in ('claimed', 'requested', 'failed')),
  key_version integer not null default 1,
  attempts integer not null default 1,
  error text,
  -- The provider refused it: nothing was refunded, so the next attempt gets a new key.
  refused boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (order_id, scope)
);

create index refund_requests_org_id on refund_requests (org_id);

alter table refund_requests enable row level security;
create policy refund_requests_tenant on refund_requests using (org_id = app_current_org()) with check (org_id = app_current_org());

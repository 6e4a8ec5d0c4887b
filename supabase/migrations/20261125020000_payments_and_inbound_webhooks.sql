-- Paying for tickets: an order holds its places while its checkout is open and
-- remembers the provider's references, so callbacks can find it and refunds can
-- be made against it.
alter table orders
  add column payment_provider text,
  add column checkout_id text,
  add column payment_intent_id text,
  add column charge_id text,
  -- Set by the buyer's browser when the form is shown: a double submit finds the same order.
  add column client_reference text,
  add column hold_expires_at timestamptz,
  add column paid_at timestamptz,
  add column refunded_minor integer not null default 0 check (refunded_minor >= 0),
  add column disputed_at timestamptz;
create unique index orders_checkout_key on orders (payment_provider, checkout_id) where checkout_id is not null;
create unique index orders_client_reference_key on orders (event_id, client_reference) where client_reference is not null;

-- Every verified provider callback, stored once by the provider's own event id
-- before anything acts on it.
create table webhook_events (
  id uuid primary key default gen_random_uuid(),
  provider text not null,
  external_id text not null,
  org_id uuid references organizations(id) on delete cascade,
  connection_id uuid references connections(id) on delete set null,
  type text not null,
  payload jsonb not null,
  headers jsonb not null default '{}'::jsonb,
  received_at timestamptz not null default now(),
  status text not null default 'received' check (status in ('received', 'processed', 'ignored', 'failed')),
  outcome text,
  error text,
  attempts integer not null default 0,
  processed_at timestamptz,
  unique (provider, external_id)
);
create index webhook_events_org_idx on webhook_events (org_id, received_at desc);

alter table webhook_events enable row level security;
create policy webhook_events_tenant on webhook_events using (org_id = app_current_org()) with check (org_id = app_current_org());

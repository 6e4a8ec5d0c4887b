-- What happened to payments at a provider, for the payment analytics of the
-- reports and Health pages: payments that went through, attempts that failed
-- (with the issuer's decline code), refunds and disputes. Written from the
-- provider's callbacks, one row per provider object (a replayed callback changes
-- nothing); provider-neutral columns, so every gateway can report here.
create table payment_outcomes (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  connection_id uuid not null references connections(id) on delete cascade,
  provider text not null,
  kind text not null check (kind in ('payment', 'failure', 'refund', 'dispute')),
  -- The provider's id of the payment, failed attempt, refund or dispute.
  external_id text not null,
  amount_minor bigint not null default 0,
  currency text not null,
  -- failure: the decline code (or the error code when the issuer gave none); dispute: its reason.
  reason text,
  order_id uuid references orders(id) on delete set null,
  occurred_at timestamptz not null,
  created_at timestamptz not null default now()
);
create unique index payment_outcomes_once on payment_outcomes (connection_id, kind, external_id);
create index payment_outcomes_report on payment_outcomes (org_id, occurred_at);

alter table payment_outcomes enable row level security;
create policy payment_outcomes_tenant on payment_outcomes using (org_id = app_current_org()) with check (org_id = app_current_org());

-- Buyers as the payment provider's customers, and memberships billed as subscriptions.
--
-- payment_customers: one provider customer per (connection, e-mail). The e-mail is
-- stored normalized (trimmed, lower case) so "Pia@X.com " and "pia@x.com" are one
-- person; the unique key is what keeps two concurrent checkouts from making two.
create table payment_customers (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  connection_id uuid not null references connections(id) on delete cascade,
  email text not null check (email = lower(btrim(email)) and email <> ''),
  provider_customer_id text not null,
  created_at timestamptz not null default now(),
  unique (connection_id, email)
);
create index payment_customers_org on payment_customers (org_id);
alter table payment_customers enable row level security;
create policy payment_customers_tenant on payment_customers using (org_id = app_current_org()) with check (org_id = app_current_org());

alter table orders add column payment_customer_id uuid references payment_customers(id) on delete set null;

-- What a ticket cost its buyer (a member pays less than the type's price);
-- null on rows from before member prices: the ticket type's price then.
alter table attendees add column price_paid_minor integer check (price_paid_minor >= 0);

-- A membership plan an organization sells: a recurring price at its payment
-- provider, and what it grants on tickets. Not to be confused with
-- "memberships", which are people's roles in an organization.
create table membership_plans (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 80),
  interval text not null check (interval in ('month', 'year')),
  price_minor integer not null check (price_minor > 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  discount_percent integer not null check (discount_percent between 1 and 100),
  -- Ticket type names the discount applies to (case-insensitive); empty: every ticket type.
  ticket_type_names text[] not null default '{}',
  connection_id uuid references connections(id) on delete set null,
  provider_product_id text,
  provider_price_id text,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index membership_plans_org on membership_plans (org_id, archived_at);
alter table membership_plans enable row level security;
create policy membership_plans_tenant on membership_plans using (org_id = app_current_org()) with check (org_id = app_current_org());

-- One person's membership of a plan: a subscription at the provider. Pending
-- from before the checkout redirect until the provider reports it.
create table plan_memberships (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  plan_id uuid not null references membership_plans(id),
  name text not null,
  email text not null check (email = lower(btrim(email))),
  payment_customer_id uuid references payment_customers(id) on delete set null,
  connection_id uuid references connections(id) on delete set null,
  checkout_id text,
  provider_subscription_id text,
  provider_price_id text,
  -- The e-mail's provider customer existed before this membership began: whoever
  -- subscribed has not shown the address is theirs, so the link to the member's
  -- page (and through it that customer's portal) goes to the address, not to the browser.
  customer_known boolean not null default false,
  status text not null default 'pending' check (status in ('pending', 'incomplete', 'active', 'past_due', 'cancelled')),
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  started_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index plan_memberships_subscription on plan_memberships (connection_id, provider_subscription_id) where provider_subscription_id is not null;
create index plan_memberships_member on plan_memberships (org_id, email, status);
alter table plan_memberships enable row level security;
create policy plan_memberships_tenant on plan_memberships using (org_id = app_current_org()) with check (org_id = app_current_org());

-- Each failed invoice of a membership is told to the member once, and each paid
-- renewal once: the key is what makes a replayed callback send nothing.
create table plan_membership_invoices (
  membership_id uuid not null references plan_memberships(id) on delete cascade,
  provider_invoice_id text not null,
  outcome text not null check (outcome in ('paid', 'failed')),
  org_id uuid not null references organizations(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (membership_id, provider_invoice_id, outcome)
);
alter table plan_membership_invoices enable row level security;
create policy plan_membership_invoices_tenant on plan_membership_invoices using (org_id = app_current_org()) with check (org_id = app_current_org());

-- A one-time sign-in link proving a person is a member: only its hash is kept.
create table member_sign_in_links (
  token_hash text primary key,
  org_id uuid not null references organizations(id) on delete cascade,
  email text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index member_sign_in_links_expiry on member_sign_in_links (expires_at);
alter table member_sign_in_links enable row level security;
create policy member_sign_in_links_tenant on member_sign_in_links using (org_id = app_current_org()) with check (org_id = app_current_org());

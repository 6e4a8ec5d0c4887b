-- An order invoiced to a company: the places are held by a pending order (no
-- checkout hold expiry: hold_expires_at stays null) until the provider's invoice
-- is paid, voided, marked uncollectible or overdue. One invoice per order; the
-- provider's invoice id is also the order's checkout_id, so only a payment of this
-- invoice settles the order.
create table order_invoices (
  order_id uuid primary key references orders(id) on delete cascade,
  org_id uuid not null references organizations(id) on delete cascade,
  connection_id uuid references connections(id) on delete set null,
  company_name text not null,
  billing_email text not null,
  reference text,
  days_until_due integer not null check (days_until_due between 1 and 365),
  -- issuing: the order holds the places, the provider has not confirmed the invoice yet;
  -- failed: it could not be issued (the order was cancelled); the others mirror the provider's invoice.
  status text not null default 'issuing' check (status in ('issuing', 'open', 'overdue', 'paid', 'void', 'uncollectible', 'failed')),
  invoice_id text,
  hosted_url text,
  due_at timestamptz,
  last_error text,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index order_invoices_invoice on order_invoices (connection_id, invoice_id) where invoice_id is not null;
create index order_invoices_org on order_invoices (org_id, created_at desc);

alter table order_invoices enable row level security;
create policy order_invoices_tenant on order_invoices using (org_id = app_current_org()) with check (org_id = app_current_org());

-- The event platform's own model. Money is integer minor units with an ISO currency.
create table events (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,80}$'),
  title text not null check (length(title) between 1 and 200),
  description text not null default '',
  venue text not null default '',
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  time_zone text not null,
  capacity integer not null check (capacity > 0),
  status text not null default 'draft' check (status in ('draft', 'published', 'cancelled')),
  -- Optimistic concurrency: every update must name the version it read.
  version integer not null default 1,
  published_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index events_org_idx on events (org_id, starts_at);

create table ticket_types (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  event_id uuid not null references events(id) on delete cascade,
  name text not null check (length(name) between 1 and 120),
  price_minor integer not null check (price_minor >= 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  quantity integer not null check (quantity > 0),
  created_at timestamptz not null default now()
);
create index ticket_types_event_idx on ticket_types (event_id);

create table orders (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  event_id uuid not null references events(id) on delete cascade,
  buyer_name text not null,
  buyer_email text not null,
  status text not null default 'pending' check (status in ('pending', 'paid', 'refunded', 'cancelled')),
  total_minor integer not null check (total_minor >= 0),
  currency char(3) not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index orders_event_idx on orders (event_id);

create table attendees (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  event_id uuid not null references events(id) on delete cascade,
  order_id uuid not null references orders(id) on delete cascade,
  ticket_type_id uuid not null references ticket_types(id),
  name text not null,
  email text not null,
  phone text,
  status text not null default 'pending' check (status in ('pending', 'paid', 'refunded', 'cancelled')),
  checked_in_at timestamptz,
  created_at timestamptz not null default now()
);
create index attendees_event_idx on attendees (event_id, created_at);
create index attendees_ticket_type_idx on attendees (ticket_type_id);

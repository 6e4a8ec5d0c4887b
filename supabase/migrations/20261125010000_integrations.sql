-- Integrations: one connection per organization and connector, its sealed
-- credentials, and everything the call policy keeps where every worker sees it.
create table connections (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  connector_id text not null,
  mode text not null default 'sandbox' check (mode in ('live', 'sandbox')),
  status text not null default 'disconnected'
    check (status in ('connected', 'needs_attention', 'disabled', 'disconnected')),
  -- AES-256-GCM envelope from lib/integrations/vault: "v1.<key id>.<iv>.<tag>.<ciphertext>"
  credentials_sealed text,
  -- What the browser may see of the credentials: "••••1234".
  credentials_hint text,
  settings jsonb not null default '{}'::jsonb,
  -- The provider account this connection speaks for (Slack team, Google user, ...).
  external_account_id text,
  external_account_name text,
  scopes text[] not null default '{}',
  token_expires_at timestamptz,
  status_reason text,
  last_success_at timestamptz,
  last_error_at timestamptz,
  last_error text,
  connected_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, connector_id)
);
-- A provider account belongs to one organization at a time.
create unique index connections_external_account_key on connections (connector_id, mode, external_account_id)
  where external_account_id is not null and status <> 'disconnected';

-- OAuth authorization requests in flight: the state parameter is stored here
-- (hashed) with its PKCE verifier, bound to the user who started it, used once.
create table oauth_states (
  state_hash text primary key,
  org_id uuid not null references organizations(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  connector_id text not null,
  mode text not null check (mode in ('live', 'sandbox')),
  code_verifier_sealed text,
  redirect_uri text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  -- How the attempt ended, shown once on the connector page it returns to.
  outcome text,
  outcome_message text
);

-- One row per attempt of every provider call.
create table integration_calls (
  id bigint generated always as identity primary key,
  org_id uuid not null references organizations(id) on delete cascade,
  connection_id uuid not null references connections(id) on delete cascade,
  connector_id text not null,
  operation text not null,
  outcome text not null check (outcome in ('success', 'failure', 'rejected')),
  http_status integer,
  latency_ms integer not null,
  attempt integer not null,
  error text,
  created_at timestamptz not null default now()
);
create index integration_calls_connection_idx on integration_calls (connection_id, created_at desc);

-- Circuit breaker state per connection, shared by every process.
create table circuit_breakers (
  connection_id uuid primary key references connections(id) on delete cascade,
  org_id uuid not null references organizations(id) on delete cascade,
  state text not null default 'closed' check (state in ('closed', 'open', 'half_open', 'isolated')),
  snapshot jsonb,
  opened_at timestamptz,
  updated_at timestamptz not null default now()
);

-- Token buckets for provider rate limits, keyed per provider account.
create table rate_limit_buckets (
  bucket_key text primary key,
  tokens double precision not null,
  capacity double precision not null,
  refill_per_second double precision not null,
  updated_at timestamptz not null default now()
);

-- What a connector created at the provider for one of our objects (the Google
-- Calendar entry of an event, the Slack channel of an event), so a retry
-- updates the same object instead of creating a second one.
create table external_objects (
  connection_id uuid not null references connections(id) on delete cascade,
  org_id uuid not null references organizations(id) on delete cascade,
  kind text not null,
  local_id uuid not null,
  external_id text not null,
  data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (connection_id, kind, local_id)
);

-- Message templates per organization (SendGrid's order confirmation, ...).
create table message_templates (
  org_id uuid not null references organizations(id) on delete cascade,
  connector_id text not null,
  template_key text not null,
  subject text not null,
  body text not null,
  updated_at timestamptz not null default now(),
  primary key (org_id, connector_id, template_key)
);

do $$
declare t text;
begin
  foreach t in array array['connections', 'oauth_states', 'integration_calls', 'circuit_breakers',
                           'external_objects', 'message_templates'] loop
    execute format('alter table %I enable row level security', t);
    execute format(
      'create policy %I on %I using (org_id = app_current_org()) with check (org_id = app_current_org())',
      t || '_tenant', t);
  end loop;
end $$;

-- Buckets are keyed by provider account, not organization: no tenant may read them.
alter table rate_limit_buckets enable row level security;
create policy rate_limit_buckets_none on rate_limit_buckets using (false);

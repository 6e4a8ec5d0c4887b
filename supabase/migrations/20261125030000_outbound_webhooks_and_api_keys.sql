-- Outbound webhooks (Standard Webhooks) to the organization's own endpoints and
-- to Zapier's REST-hook subscriptions, and the API keys Zapier and /api/v1 use.

-- A key is shown once; only its SHA-256 is kept. The prefix lets a person tell keys apart.
create table api_keys (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  prefix text not null,
  key_hash text not null unique,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_org_idx on api_keys (org_id, created_at desc);

-- A write repeated with the same Idempotency-Key answers what the first answered.
-- The row is taken before the work (response null while it runs), so two
-- concurrent repeats cannot both do it.
create table api_idempotency_keys (
  api_key_id uuid not null references api_keys(id) on delete cascade,
  idempotency_key text not null check (length(idempotency_key) between 1 and 255),
  org_id uuid not null references organizations(id) on delete cascade,
  request_hash text not null,
  response_status integer,
  response_body jsonb,
  created_at timestamptz not null default now(),
  primary key (api_key_id, idempotency_key)
);

create table webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  url text not null,
  description text not null default '',
  event_types text[] not null check (cardinality(event_types) > 0),
  -- admin: added under Settings → Webhooks; zapier: a REST-hook subscription made with an API key.
  source text not null default 'admin' check (source in ('admin', 'zapier')),
  api_key_id uuid references api_keys(id) on delete cascade,
  enabled boolean not null default true,
  disabled_reason text,
  -- whsec_ secret sealed by the vault (associated data: the endpoint id).
  secret_sealed text not null,
  -- During rotation the old secret signs alongside the new one until it expires.
  previous_secret_sealed text,
  previous_secret_expires_at timestamptz,
  -- Deliveries per second to this endpoint; null = unlimited.
  rate_limit_per_second integer check (rate_limit_per_second > 0),
  -- Start of the current run of failed deliveries; null while it answers.
  failing_since timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_endpoints_org_idx on webhook_endpoints (org_id) where enabled;

-- One message per (endpoint, fact): its body and webhook-id are fixed when it is
-- made, so every retry sends the same bytes under the same id.
create table webhook_messages (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
  domain_event_id uuid references domain_events(id) on delete cascade,
  msg_id text not null unique,
  event_type text not null,
  body text not null,
  status text not null default 'pending' check (status in ('pending', 'retrying', 'succeeded', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz,
  last_response_status integer,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  unique (endpoint_id, domain_event_id)
);
create index webhook_messages_endpoint_idx on webhook_messages (endpoint_id, created_at desc);
create index webhook_messages_failed_idx on webhook_messages (endpoint_id, created_at) where status = 'failed';

-- Every attempt: what was sent (without the signature), what came back, how long it took.
create table webhook_attempts (
  id bigint generated always as identity primary key,
  org_id uuid not null references organizations(id) on delete cascade,
  message_id uuid not null references webhook_messages(id) on delete cascade,
  endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
  attempted_at timestamptz not null default now(),
  trigger text not null check (trigger in ('scheduled', 'resend', 'replay', 'test')),
  request_headers jsonb not null,
  response_status integer,
  response_body text,
  error text,
  duration_ms integer not null
);
create index webhook_attempts_message_idx on webhook_attempts (message_id, attempted_at);
create index webhook_attempts_endpoint_idx on webhook_attempts (endpoint_id, attempted_at desc);

do $$
declare t text;
begin
  foreach t in array array['api_keys', 'api_idempotency_keys', 'webhook_endpoints', 'webhook_messages', 'webhook_attempts'] loop
    execute format('alter table %I enable row level security', t);
    execute format(
      'create policy %I on %I using (org_id = app_current_org()) with check (org_id = app_current_org())',
      t || '_tenant', t);
  end loop;
end $$;

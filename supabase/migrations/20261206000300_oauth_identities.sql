-- The sign-in identities (Google, GitHub, Microsoft) linked to each user, keyed by
-- what the provider guarantees is stable: Google's sub, GitHub's numeric id,
-- Microsoft's object id (oid) within its tenant (tid). An e-mail can be asserted by
-- anyone who controls a directory; these keys cannot, so on Microsoft's multi-tenant
-- endpoint only the identity recorded here at first link may sign its user in.
create table oauth_identities (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  provider text not null check (length(provider) between 1 and 50),
  -- Microsoft's tenant id; empty for providers without tenants.
  tenant text not null default '',
  subject text not null check (length(subject) between 1 and 255),
  -- The e-mail the provider asserted when the identity was linked, for people reading the table.
  email text,
  created_at timestamptz not null default now(),
  last_sign_in_at timestamptz not null default now(),
  unique (provider, tenant, subject)
);
create index oauth_identities_user_idx on oauth_identities (user_id, provider);

-- Personal data of people: visible only alongside their membership, as users are.
alter table oauth_identities enable row level security;
create policy oauth_identities_in_current_org on oauth_identities using (
  exists (select 1 from memberships m where m.user_id = oauth_identities.user_id and m.org_id = app_current_org())
);

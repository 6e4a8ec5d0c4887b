-- Invitations to join an organization. The link's token is shown only in the
-- e-mail; only its SHA-256 is kept, so a database leak opens no invitation.
-- Used, revoked and expired rows stay, so an old link can say why it no longer
-- works instead of looking unknown.
create table member_invitations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organizations(id) on delete cascade,
  -- Lower-cased, as users.email is compared.
  email text not null check (length(email) between 3 and 320 and email = lower(email)),
  role text not null check (role in ('owner', 'admin', 'member')),
  token_hash text not null unique,
  invited_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  -- Set again when the invitation is sent again (with a new token).
  sent_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references users(id) on delete set null,
  revoked_at timestamptz,
  revoked_by uuid references users(id) on delete set null,
  -- The invitee of an expired link asked the inviter for a new one (once per link).
  renewal_requested_at timestamptz,
  check (accepted_at is null or revoked_at is null)
);
-- One open invitation per address and organization: inviting again sends that one anew.
create unique index member_invitations_open_key on member_invitations (org_id, email) where accepted_at is null and revoked_at is null;
create index member_invitations_org_idx on member_invitations (org_id, created_at desc);

alter table member_invitations enable row level security;
create policy member_invitations_tenant on member_invitations
  using (org_id = app_current_org()) with check (org_id = app_current_org());

-- The links mailed to a person about their own account: confirm the e-mail
-- address, reset a forgotten password, set a first password (an organization
-- created by an operator). Only a hash of the token is kept, so a copy of the
-- database cannot be turned into working links. A row outlives its use so that
-- a second click can say "already used" rather than "unknown".
create table account_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  purpose text not null check (purpose in ('verify_email', 'reset_password', 'set_password')),
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index account_tokens_user on account_tokens (user_id, purpose);

-- A person's own secrets, no organization's business: no role but the owner
-- (the server) may read them, not even one scoped to the person's organization.
alter table account_tokens enable row level security;
create policy account_tokens_none on account_tokens using (false);

-- Sessions are signed cookies (JWT) that the server cannot recall one by one; a
-- session started before this moment is refused, which is how a password reset
-- ends a person's other sessions.
alter table users add column password_changed_at timestamptz;

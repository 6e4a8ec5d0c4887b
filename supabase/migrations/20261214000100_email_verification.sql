-- When a person proved they read the e-mail address they signed up with. Sign-in
-- with a password is refused while it is null, so an address nobody controls
-- cannot own an organization. Everyone who existed before sign-up did (demo and
-- seeded users, people created by SQL) counts as verified, and so does a row
-- inserted without saying: the one path that creates unverified accounts
-- (lib/accounts/create-user.ts) always states the value.
alter table users add column email_verified_at timestamptz default now();
update users set email_verified_at = created_at;

-- The masked hint of every secret credential field, by field name, so a
-- connector with several secrets (Stripe's secret key and webhook signing
-- secret) shows each one's own last characters. credentials_hint keeps the
-- main secret's (an OAuth access token, the first secret field).
alter table connections add column credential_hints jsonb not null default '{}'::jsonb;

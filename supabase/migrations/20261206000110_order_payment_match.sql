-- A callback settles an order only with a payment of the order's own amount and
-- currency, through the gateway and the connection that opened its checkout.
-- payment_connection_id records that connection; a payment that does not match is
-- kept on the order (payment_mismatch, with when) for the admin, never settled.
alter table orders
  add column payment_connection_id uuid references connections(id) on delete set null,
  add column payment_mismatch text,
  add column payment_mismatch_at timestamptz;

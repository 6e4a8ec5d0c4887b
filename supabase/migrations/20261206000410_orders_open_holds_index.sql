-- The cap on open checkouts per buyer e-mail and event (lib/rate-limit/open-holds.ts)
-- counts pending orders by event and e-mail on every checkout start.
create index orders_open_holds_idx on orders (event_id, lower(buyer_email)) where status = 'pending';

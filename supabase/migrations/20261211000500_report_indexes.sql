-- Reports (lib/reports) read an organization's settled orders by the day they
-- were sold: paid_at, or created_at for a free registration (settled at once).
-- The expression and the statuses are the ones lib/reports/scope.ts queries with,
-- word for word, so the planner can use this index.
create index orders_report_sold_idx on orders (org_id, (coalesce(paid_at, created_at))) where status in ('paid', 'refunded');

-- ...and the tickets of those orders. attendees had no index by order, so every
-- order's tickets (reports, refunds, settling a payment) were found by scanning
-- the event's.
create index attendees_order_idx on attendees (order_id);

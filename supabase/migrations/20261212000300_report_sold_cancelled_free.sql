-- Reports count a free registration whose tickets were all cancelled (its order is
-- then cancelled, with a total of 0) as registered, so the index of the orders they
-- read takes cancelled orders too: lib/reports/scope.ts's predicate must imply this
-- one. A new name, so an operator can build it CONCURRENTLY first and this skips it.
create index if not exists orders_report_counted_idx on orders (org_id, (coalesce(paid_at, created_at))) where status in ('paid', 'refunded', 'cancelled');
drop index if exists orders_report_sold_idx;

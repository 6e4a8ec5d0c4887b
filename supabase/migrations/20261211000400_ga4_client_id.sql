-- The visitor's Google Analytics client id, posted by the checkout form only when
-- the visitor accepted the page's analytics tag; null otherwise. Analytics
-- connectors attribute the order's purchase and refunds to it.
alter table orders add column analytics_client_id text
  check (analytics_client_id is null or analytics_client_id ~ '^[0-9]{1,20}\.[0-9]{1,20}$');

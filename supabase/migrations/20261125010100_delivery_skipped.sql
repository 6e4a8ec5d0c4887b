-- A delivery can be skipped: its subscriber (a connection) was disabled or
-- disconnected between the fact and its delivery.
alter table subscriber_deliveries drop constraint subscriber_deliveries_status_check;
alter table subscriber_deliveries add constraint subscriber_deliveries_status_check
  check (status in ('pending', 'succeeded', 'skipped', 'retrying', 'dead'));

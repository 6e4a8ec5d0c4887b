-- Where an order is paid: on the provider's hosted checkout page, or on our own
-- page through the provider's on-page form (whose hold expiry we close ourselves,
-- as no provider expires such a payment by itself).
alter table orders add column checkout_form text not null default 'hosted';
alter table orders add constraint orders_checkout_form_check check (checkout_form in ('hosted', 'on_page'));

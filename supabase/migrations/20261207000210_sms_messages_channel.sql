-- WhatsApp messages go through the same table as SMS, told apart by channel; the
-- numbers are stored without Twilio's "whatsapp:" prefix, so an opt-out (STOP) and
-- an attendee's number match on both channels. A fact may owe the same number one
-- SMS and one WhatsApp message, so "once per fact and number" is per channel.
alter table sms_messages add column channel text not null default 'sms' check (channel in ('sms', 'whatsapp'));
drop index sms_messages_once_per_fact;
create unique index sms_messages_once_per_fact on sms_messages (connection_id, domain_event_id, to_number, channel) where domain_event_id is not null;
-- The last inbound WhatsApp message of a number opens its 24-hour window for free-form text.
create index sms_messages_last_inbound on sms_messages (connection_id, from_number, created_at) where direction = 'inbound';

-- A callback is a duplicate only of one received by the same connection: event
-- ids are the provider's, and two organizations' accounts may send the same one,
-- so keying by provider alone let one tenant's callback shadow another's.
alter table webhook_events drop constraint webhook_events_provider_external_id_key;
alter table webhook_events add constraint webhook_events_connection_external_id_key unique (connection_id, external_id);

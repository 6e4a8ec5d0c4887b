-- The number an attendee agreed to be texted at, normalised to E.164, and when
-- they agreed (ticked the SMS box on the public form). Null: no consent.
alter table attendees add column sms_phone text;
alter table attendees add column sms_consent_at timestamptz;
alter table attendees add constraint attendees_sms_consent_complete check ((sms_phone is null) = (sms_consent_at is null));

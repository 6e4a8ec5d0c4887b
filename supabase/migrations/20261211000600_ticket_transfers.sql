-- A ticket passed on to another person: the old attendee row stays (cancelled, its
-- code refused at the door) and points at the row that replaced it, so the door,
-- the API and reports can tell a transfer from a cancellation.
alter table attendees add column transferred_to uuid references attendees(id);
create unique index attendees_transferred_to on attendees (transferred_to) where transferred_to is not null;

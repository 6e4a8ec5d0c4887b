-- Events an organizer marks as hackathons: connectors that serve hackathons (a
-- repository per event on GitHub) act only on these, and every fact about such an
-- event carries `hackathon: true` in its event snapshot.
alter table events add column hackathon boolean not null default false;

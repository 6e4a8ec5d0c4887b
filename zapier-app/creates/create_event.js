// @ts-check
'use strict';

const { postAction } = require('../lib/action');
const { event } = require('../lib/samples');

const inputFields = [
  { key: 'title', label: 'Title', required: true, helpText: 'Up to 200 characters.' },
  { key: 'description', label: 'Description', type: 'text', required: false },
  { key: 'venue', label: 'Venue', required: false },
  { key: 'starts_at', label: 'Starts At', type: 'datetime', required: true, helpText: 'A time without an offset is read in the time zone below.' },
  { key: 'ends_at', label: 'Ends At', type: 'datetime', required: true },
  { key: 'time_zone', label: 'Time Zone', required: true, helpText: 'An IANA name, such as Europe/Zurich or America/New_York.' },
  { key: 'capacity', label: 'Capacity', type: 'integer', required: true, helpText: '1 to 1,000,000 places.' },
];

module.exports = {
  key: 'create_event',
  noun: 'Event',
  display: {
    label: 'Create Event Draft',
    description: 'Creates an event as a draft; ticket types and publishing stay in Switchboard.',
  },
  operation: {
    inputFields,
    perform: postAction('/actions/events', inputFields),
    sample: { ...event, status: 'draft', admin_url: `https://switchboard.example/events/${event.id}` },
  },
};

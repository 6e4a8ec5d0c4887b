// @ts-check
'use strict';

const { postAction } = require('../lib/action');
const { eventId } = require('../lib/fields');
const { attendee, event } = require('../lib/samples');

const inputFields = [
  { key: 'attendee_id', label: 'Attendee ID', required: false, helpText: 'The attendee to check in (from a Switchboard trigger). Or leave it blank and give the event and e-mail.' },
  { ...eventId, required: false, altersDynamicFields: false, helpText: 'With Email: checks in the first valid ticket of that e-mail not yet used.' },
  { key: 'email', label: 'Email', required: false, helpText: 'With Event, instead of Attendee ID.' },
];

module.exports = {
  key: 'check_in_attendee',
  noun: 'Attendee',
  display: {
    label: 'Check In Attendee',
    description: 'Checks an attendee in, by attendee ID or by event and e-mail. Checking in twice is harmless.',
  },
  operation: {
    inputFields,
    perform: postAction('/actions/check-ins', inputFields),
    sample: { id: attendee.id, already_checked_in: false, checked_in_at: '2030-06-01T08:15:00.000Z', event_id: event.id, attendee: { ...attendee, checkedInAt: '2030-06-01T08:15:00.000Z' } },
  },
};

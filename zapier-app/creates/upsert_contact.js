// @ts-check
'use strict';

const { postAction } = require('../lib/action');
const { email, eventId, name, phone, ticketTypeId } = require('../lib/fields');
const { attendee, event } = require('../lib/samples');

const inputFields = [
  eventId,
  { ...email, helpText: 'Finds the contact at the event (case does not matter).' },
  name,
  { ...phone, helpText: 'Replaces the phone when given; left as it is when blank.' },
  ticketTypeId({ required: false, helpText: 'Only needed to create: the free ticket type a new contact is registered with.' }),
];

module.exports = {
  key: 'upsert_contact',
  noun: 'Contact',
  display: {
    label: 'Create or Update Contact',
    description: "Updates the name (and phone) of everyone with this e-mail at an event, or registers them with one free ticket when they are not there yet.",
  },
  operation: {
    inputFields,
    perform: postAction('/actions/contacts', inputFields),
    sample: { id: attendee.id, action: 'updated', event_id: event.id, email: attendee.email, name: attendee.name, phone: attendee.phone, attendees: [attendee] },
  },
};

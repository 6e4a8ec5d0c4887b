// @ts-check
'use strict';

const { postAction } = require('../lib/action');
const { email, eventId, name, phone, ticketTypeId } = require('../lib/fields');
const { attendee, event, order } = require('../lib/samples');

const inputFields = [
  eventId,
  ticketTypeId({ required: true, helpText: 'A free ticket type (paid tickets are bought through checkout).' }),
  name,
  email,
  phone,
  { key: 'quantity', label: 'Quantity', type: 'integer', required: false, default: '1', helpText: '1 to 10 tickets; each is one attendee with this name and e-mail.' },
];

module.exports = {
  key: 'create_registration',
  noun: 'Registration',
  display: {
    label: 'Create Registration',
    description: 'Registers someone for free tickets of an event, as the public registration page does.',
  },
  operation: {
    inputFields,
    perform: postAction('/actions/registrations', inputFields),
    sample: { id: order.id, order: { ...order, totalMinor: 0 }, event, attendees: [attendee] },
  },
};

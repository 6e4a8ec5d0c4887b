// @ts-check
// Input fields several actions share. The id fields are dropdowns filled by the
// hidden list triggers; a mapped value from an earlier step works too.
'use strict';

const eventId = {
  key: 'event_id',
  label: 'Event',
  required: true,
  dynamic: 'event_list.id.label',
  // The ticket type dropdown depends on it.
  altersDynamicFields: true,
  helpText: 'An event of your organization.',
};

/** @param {{required: boolean, helpText: string}} o */
const ticketTypeId = (o) => ({ key: 'ticket_type_id', label: 'Ticket Type', dynamic: 'ticket_type_list.id.label', ...o });

const name = { key: 'name', label: 'Name', required: true, helpText: 'Up to 200 characters.' };
const email = { key: 'email', label: 'Email', required: true, helpText: 'Stored in lower case; the confirmation goes there.' };
const phone = { key: 'phone', label: 'Phone', required: false, helpText: 'With the country code, such as +41 44 123 45 67.' };

module.exports = { eventId, ticketTypeId, name, email, phone };

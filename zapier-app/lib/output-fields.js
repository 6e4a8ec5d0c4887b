// @ts-check
// Labels for the fields a trigger gives (Zapier's "a__b" is data.a.b, "a[]b" is
// b of each item of the list a). Anything not listed still appears under its key.
'use strict';

const message = [
  { key: 'id', label: 'Fact ID', type: 'string' },
  { key: 'type', label: 'Event Type', type: 'string' },
  { key: 'timestamp', label: 'Happened At', type: 'datetime' },
];

const event = [
  { key: 'data__event__id', label: 'Event ID', type: 'string' },
  { key: 'data__event__title', label: 'Event Title', type: 'string' },
  { key: 'data__event__slug', label: 'Event Slug', type: 'string' },
  { key: 'data__event__description', label: 'Event Description', type: 'string' },
  { key: 'data__event__venue', label: 'Event Venue', type: 'string' },
  { key: 'data__event__startsAt', label: 'Event Starts At', type: 'datetime' },
  { key: 'data__event__endsAt', label: 'Event Ends At', type: 'datetime' },
  { key: 'data__event__timeZone', label: 'Event Time Zone', type: 'string' },
  { key: 'data__event__capacity', label: 'Event Capacity', type: 'integer' },
  { key: 'data__event__status', label: 'Event Status', type: 'string' },
  { key: 'data__event__url', label: 'Event Public Page', type: 'string' },
];

/** @param {string} prefix e.g. "data__attendee__" or "data__attendees[]" */
const attendee = (prefix) => [
  { key: `${prefix}id`, label: 'Attendee ID', type: 'string' },
  { key: `${prefix}name`, label: 'Attendee Name', type: 'string' },
  { key: `${prefix}email`, label: 'Attendee Email', type: 'string' },
  { key: `${prefix}phone`, label: 'Attendee Phone', type: 'string' },
  { key: `${prefix}ticketTypeId`, label: 'Ticket Type ID', type: 'string' },
  { key: `${prefix}ticketTypeName`, label: 'Ticket Type', type: 'string' },
  { key: `${prefix}status`, label: 'Ticket Status', type: 'string' },
  { key: `${prefix}checkedInAt`, label: 'Checked In At', type: 'datetime' },
];

const order = [
  { key: 'data__order__id', label: 'Order ID', type: 'string' },
  { key: 'data__order__status', label: 'Order Status', type: 'string' },
  { key: 'data__order__buyerName', label: 'Buyer Name', type: 'string' },
  { key: 'data__order__buyerEmail', label: 'Buyer Email', type: 'string' },
  { key: 'data__order__totalMinor', label: 'Order Total (cents)', type: 'integer' },
  { key: 'data__order__currency', label: 'Currency', type: 'string' },
];

module.exports = {
  Event: [...message, ...event],
  Registration: [...message, ...event, ...order, ...attendee('data__attendees[]')],
  Order: [...message, ...event, ...order, ...attendee('data__attendees[]')],
  Attendee: [...message, ...event, ...attendee('data__attendee__')],
};

// @ts-check
// What the Zap editor shows before a real fact arrives: the example message
// Switchboard itself gives an organization with no facts yet (its
// /api/zapier/triggers/<event>/sample answer), plus the id the app adds.
// A test keeps these equal to Switchboard's own examples.
'use strict';

const { withFactId } = require('./facts');

const AT = '2030-06-01T08:15:00.000Z';

const event = {
  id: '00000000-0000-4000-8000-000000000001',
  slug: 'example-conference-a1b2c3',
  title: 'Example Conference',
  description: 'A sample event: real ones appear here once your organization has some.',
  venue: 'Hall 1',
  startsAt: '2030-06-01T07:00:00.000Z',
  endsAt: '2030-06-01T15:00:00.000Z',
  timeZone: 'Europe/Zurich',
  capacity: 100,
  status: 'published',
  url: 'https://switchboard.example/e/example-conference-a1b2c3',
};

const order = {
  id: '00000000-0000-4000-8000-000000000002',
  status: 'paid',
  buyerName: 'Ana Example',
  buyerEmail: 'ana@example.com',
  totalMinor: 2500,
  currency: 'EUR',
};

const attendee = {
  id: '00000000-0000-4000-8000-000000000003',
  name: 'Ana Example',
  email: 'ana@example.com',
  phone: '+41 44 123 45 67',
  ticketTypeId: '00000000-0000-4000-8000-000000000004',
  ticketTypeName: 'General',
  status: 'paid',
  checkedInAt: /** @type {string | null} */ (null),
};

/**
 * @param {string} type
 * @param {object} data
 */
const message = (type, data) => withFactId({ type, timestamp: AT, data });

/**
 * A registration or order fact: free registrations total 0.
 * @param {string} type
 * @param {string} status
 * @param {number} totalMinor
 */
const orderMessage = (type, status, totalMinor) =>
  message(type, { event, order: { ...order, status, totalMinor }, attendees: [{ ...attendee, status }] });

/** @param {string} type @param {string} status */
const eventMessage = (type, status) => message(type, { event: { ...event, status } });

module.exports = {
  event,
  order,
  attendee,
  samples: {
    'registration.created': orderMessage('registration.created', 'paid', 0),
    'registration.cancelled': orderMessage('registration.cancelled', 'cancelled', 0),
    'ticket.purchased': orderMessage('ticket.purchased', 'paid', order.totalMinor),
    'ticket.refunded': orderMessage('ticket.refunded', 'refunded', order.totalMinor),
    'attendee.checked_in': message('attendee.checked_in', { event, attendee: { ...attendee, checkedInAt: AT } }),
    'event.created': eventMessage('event.created', 'draft'),
    'event.published': eventMessage('event.published', 'published'),
    'event.cancelled': eventMessage('event.cancelled', 'cancelled'),
  },
};

// @ts-check
// Hidden: fills the "Ticket type" dropdown with the ticket types of the event
// chosen in the same step (Zapier passes the step's other fields as inputData).
'use strict';

const { apiUrl } = require('../lib/api');
const { formatMoney } = require('../lib/money');

/**
 * @param {import('zapier-platform-core').ZObject} z
 * @param {import('zapier-platform-core').Bundle} bundle
 */
const perform = async (z, bundle) => {
  const eventId = bundle.inputData.event_id;
  if (!eventId) throw new z.errors.Error('Choose an event first: ticket types are listed per event.', 'event_required', 400);
  const response = await z.request({ url: apiUrl(bundle, '/ticket-types'), method: 'GET', params: { event_id: eventId } });
  /** @type {Array<{id: string, name: string, price_minor: number, currency: string, quantity: number, free: boolean}>} */
  const types = response.data;
  // Zapier can only register for free tickets; saying which are paid spares a failed run.
  return types.map((t) => ({ ...t, label: t.free ? `${t.name} (free)` : `${t.name} (${formatMoney(t.price_minor, t.currency)}, paid: not available in Zapier)` }));
};

module.exports = {
  key: 'ticket_type_list',
  noun: 'Ticket Type',
  display: { label: 'List Ticket Types', description: 'Lists the ticket types of an event for the ticket type dropdowns.', hidden: true },
  operation: {
    perform,
    sample: {
      id: '00000000-0000-4000-8000-000000000004',
      name: 'General',
      price_minor: 0,
      currency: 'EUR',
      quantity: 100,
      free: true,
      label: 'General (free)',
    },
  },
};

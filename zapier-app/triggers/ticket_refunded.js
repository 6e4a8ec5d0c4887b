// @ts-check
'use strict';

const { hookTrigger } = require('../lib/hook-trigger');

module.exports = hookTrigger({
  key: 'ticket_refunded',
  event: 'ticket.refunded',
  noun: 'Order',
  label: 'Ticket Refunded',
  description: 'Triggers when tickets of an order are refunded.',
});

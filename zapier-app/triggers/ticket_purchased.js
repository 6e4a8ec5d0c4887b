// @ts-check
'use strict';

const { hookTrigger } = require('../lib/hook-trigger');

module.exports = hookTrigger({
  key: 'ticket_purchased',
  event: 'ticket.purchased',
  noun: 'Order',
  label: 'Ticket Purchased',
  description: "Triggers when a paid order's tickets are issued.",
});

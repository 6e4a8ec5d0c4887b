// @ts-check
'use strict';

const { hookTrigger } = require('../lib/hook-trigger');

module.exports = hookTrigger({
  key: 'event_cancelled',
  event: 'event.cancelled',
  noun: 'Event',
  label: 'Event Cancelled',
  description: 'Triggers when an event is cancelled.',
});

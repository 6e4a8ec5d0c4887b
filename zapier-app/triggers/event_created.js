// @ts-check
'use strict';

const { hookTrigger } = require('../lib/hook-trigger');

module.exports = hookTrigger({
  key: 'event_created',
  event: 'event.created',
  noun: 'Event',
  label: 'New Event',
  description: 'Triggers when an event is created (as a draft).',
});

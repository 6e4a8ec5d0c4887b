// @ts-check
'use strict';

const { hookTrigger } = require('../lib/hook-trigger');

module.exports = hookTrigger({
  key: 'event_published',
  event: 'event.published',
  noun: 'Event',
  label: 'Event Published',
  description: 'Triggers when an event is published and opens for registration.',
});

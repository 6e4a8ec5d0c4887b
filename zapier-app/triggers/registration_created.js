// @ts-check
'use strict';

const { hookTrigger } = require('../lib/hook-trigger');

module.exports = hookTrigger({
  key: 'registration_created',
  event: 'registration.created',
  noun: 'Registration',
  label: 'New Registration',
  description: 'Triggers when someone registers for an event (free or paid).',
});

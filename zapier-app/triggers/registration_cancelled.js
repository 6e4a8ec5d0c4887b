// @ts-check
'use strict';

const { hookTrigger } = require('../lib/hook-trigger');

module.exports = hookTrigger({
  key: 'registration_cancelled',
  event: 'registration.cancelled',
  noun: 'Registration',
  label: 'Registration Cancelled',
  description: 'Triggers when a registration is cancelled.',
});

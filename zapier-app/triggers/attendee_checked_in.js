// @ts-check
'use strict';

const { hookTrigger } = require('../lib/hook-trigger');

module.exports = hookTrigger({
  key: 'attendee_checked_in',
  event: 'attendee.checked_in',
  noun: 'Attendee',
  label: 'Attendee Checked In',
  description: 'Triggers when an attendee is checked in at the door.',
});

// @ts-check
// The Switchboard app for Zapier: what `zapier push` uploads. Triggers are REST
// hooks on Switchboard's facts; actions call /api/zapier/actions/*; two hidden
// triggers fill the event and ticket type dropdowns.
'use strict';

const zapier = require('zapier-platform-core');
const authentication = require('./authentication');
const { explainErrors, sendApiKey } = require('./lib/api');

const triggers = [
  require('./triggers/registration_created'),
  require('./triggers/registration_cancelled'),
  require('./triggers/ticket_purchased'),
  require('./triggers/ticket_refunded'),
  require('./triggers/attendee_checked_in'),
  require('./triggers/event_created'),
  require('./triggers/event_published'),
  require('./triggers/event_cancelled'),
  require('./triggers/event_list'),
  require('./triggers/ticket_type_list'),
];

const creates = [
  require('./creates/create_registration'),
  require('./creates/upsert_contact'),
  require('./creates/check_in_attendee'),
  require('./creates/create_event'),
];

/** @param {Array<{key: string}>} list */
const byKey = (list) => Object.fromEntries(list.map((item) => [item.key, item]));

module.exports = {
  version: require('./package.json').version,
  platformVersion: zapier.version,
  authentication,
  beforeRequest: [sendApiKey],
  afterResponse: [explainErrors],
  triggers: byKey(triggers),
  creates: byKey(creates),
  // Every request of this app goes through z.request, which Zapier logs already.
  // Zapier's patch of node's http module (and of fetch) would only add logging of
  // other libraries' requests, which this app has none of, and it outlives the
  // call: in a process that runs the app and then other code (the test harness),
  // later requests go through a logger that has been torn down and hang.
  flags: { skipHttpPatch: true },
};

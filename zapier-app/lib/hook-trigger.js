// @ts-check
// Every trigger is the same REST hook; only the fact it listens to and the words
// differ. Subscribing makes a Switchboard webhook endpoint for the Zap's URL, so
// deliveries are signed, retried and logged like any other; unsubscribing (or a
// 410 from Zapier when a Zap is gone) removes it.
'use strict';

const { apiUrl, explainErrors } = require('./api');
const { withFactId } = require('./facts');
const outputFields = require('./output-fields');
const { samples } = require('./samples');

/** @typedef {import('zapier-platform-core').ZObject} ZObject */
/** @typedef {import('zapier-platform-core').Bundle} Bundle */

/**
 * @param {{key: string, event: keyof typeof samples, noun: keyof typeof outputFields, label: string, description: string}} t
 */
const hookTrigger = (t) => ({
  key: t.key,
  noun: t.noun,
  display: { label: t.label, description: t.description },
  operation: {
    type: /** @type {const} */ ('hook'),
    /** @param {ZObject} z @param {Bundle} bundle */
    performSubscribe: async (z, bundle) => {
      const response = await z.request({ url: apiUrl(bundle, '/hooks'), method: 'POST', body: { target_url: bundle.targetUrl, event: t.event } });
      return response.data;
    },
    /** @param {ZObject} z @param {Bundle} bundle */
    performUnsubscribe: async (z, bundle) => {
      const id = bundle.subscribeData && bundle.subscribeData.id;
      const response = await z.request({ url: apiUrl(bundle, `/hooks/${encodeURIComponent(String(id))}`), method: 'DELETE', skipThrowForStatus: true });
      // Already gone (a 410 ended it, or its key was revoked): the goal is reached.
      if (response.status !== 404) explainErrors(response, z).throwForStatus();
      return {};
    },
    /** A delivery arrived: its body is the message. @param {ZObject} _z @param {Bundle} bundle */
    perform: async (_z, bundle) => [withFactId(/** @type {any} */ (bundle.cleanedRequest))],
    /** Recent real facts of this type (or Switchboard's example) while the Zap is built. @param {ZObject} z @param {Bundle} bundle */
    performList: async (z, bundle) => {
      const response = await z.request({ url: apiUrl(bundle, `/triggers/${encodeURIComponent(t.event)}/sample`), method: 'GET' });
      return /** @type {any[]} */ (response.data).map(withFactId);
    },
    sample: samples[t.event],
    outputFields: outputFields[t.noun],
  },
});

module.exports = { hookTrigger };

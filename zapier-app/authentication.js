// @ts-check
// Custom auth: an organization API key and the address of the user's Switchboard.
// The address is a field of the connection, not an environment variable of the
// app, because Switchboard is self-hosted: one published app serves every
// installation, and each connection says which one it talks to.
'use strict';

const { apiUrl, baseUrl } = require('./lib/api');

/**
 * The connection test: /api/zapier/me names the organization the key acts for.
 * @param {import('zapier-platform-core').ZObject} z
 * @param {import('zapier-platform-core').Bundle} bundle
 */
const test = async (z, bundle) => {
  const url = apiUrl(bundle, '/me');
  /** @type {import('zapier-platform-core').HttpResponse} */
  let response;
  try {
    response = await z.request({ url, method: 'GET' });
  } catch (err) {
    // Zapier's own errors (a refused key, an error answer) already say what to do.
    if (err instanceof Error && err.name !== 'FetchError') throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new z.errors.Error(`Could not reach Switchboard at ${url}: ${reason}. Check the Switchboard URL.`, 'unreachable');
  }
  const me = response.data;
  if (!me || typeof me.org_name !== 'string') {
    throw new z.errors.Error(`${url} did not answer like a Switchboard. Check the Switchboard URL.`, 'not_switchboard');
  }
  return me;
};

/**
 * The name Zapier lists the connection under (bundle.inputData is /me's answer):
 * "Demo Events (Zapier) at events.example.org", so connections to two
 * installations, or with two keys, are told apart.
 * @param {import('zapier-platform-core').ZObject} _z
 * @param {import('zapier-platform-core').Bundle} bundle
 */
const connectionLabel = (_z, bundle) => {
  const me = /** @type {{org_name: string, api_key: {name: string}}} */ (bundle.inputData);
  return `${me.org_name} (${me.api_key.name}) at ${new URL(baseUrl(bundle)).host}`;
};

module.exports = {
  type: 'custom',
  fields: [
    {
      key: 'base_url',
      label: 'Switchboard URL',
      required: true,
      type: 'string',
      helpText: 'The address you open Switchboard at, such as `https://events.example.org`.',
    },
    {
      key: 'api_key',
      label: 'API key',
      required: true,
      type: 'password',
      helpText: 'Create one under **Settings → API keys** in Switchboard. It is shown once.',
    },
  ],
  test,
  connectionLabel,
};

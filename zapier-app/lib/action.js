// @ts-check
// The one way an action calls Switchboard: POST its input fields (blank ones
// left out) to /api/zapier<path> and hand back the answer.
'use strict';

const { apiUrl, pick } = require('./api');

/**
 * @param {string} path e.g. "/actions/registrations"
 * @param {Array<{key: string}>} inputFields what the user fills in, sent under the same names
 * @returns {(z: import('zapier-platform-core').ZObject, bundle: import('zapier-platform-core').Bundle) => Promise<any>}
 */
const postAction = (path, inputFields) => async (z, bundle) => {
  const keys = inputFields.map((f) => f.key);
  const response = await z.request({ url: apiUrl(bundle, path), method: 'POST', body: pick(bundle.inputData, keys) });
  return response.data;
};

module.exports = { postAction };

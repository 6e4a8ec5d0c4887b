// @ts-check
// How the app talks to a Switchboard: where it is (the user's own installation,
// given when connecting), how the key is sent, and how an error answer becomes a
// sentence the Zap's owner can act on.
'use strict';

/** @typedef {import('zapier-platform-core').Bundle} Bundle */
/** @typedef {import('zapier-platform-core').ZObject} ZObject */
/** @typedef {import('zapier-platform-core').HttpRequestOptions} HttpRequestOptions */
/** @typedef {import('zapier-platform-core').HttpResponse} HttpResponse */

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The Switchboard the connection points at, without a trailing slash. The API
 * key travels with every request, so anything but https is refused; loopback
 * http is allowed because only a local test run can reach it.
 * @param {Bundle} bundle
 * @returns {string}
 */
const baseUrl = (bundle) => {
  const raw = String(bundle.authData.base_url || '').trim();
  /** @type {URL} */
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`"${raw}" is not a web address. Enter the address you open Switchboard at, such as https://events.example.org.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new Error(`Switchboard must be reached over https (got ${url.protocol}//${url.host}); the API key is sent with every request.`);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
};

/**
 * A URL of Switchboard's Zapier API.
 * @param {Bundle} bundle
 * @param {string} path e.g. "/hooks"
 */
const apiUrl = (bundle, path) => `${baseUrl(bundle)}/api/zapier${path}`;

/**
 * Sends the key on every request (beforeRequest).
 * @param {HttpRequestOptions} request
 * @param {ZObject} _z
 * @param {Bundle} bundle
 */
const sendApiKey = (request, _z, bundle) => {
  if (bundle.authData && bundle.authData.api_key) {
    request.headers = { ...request.headers, 'X-API-Key': bundle.authData.api_key };
  }
  return request;
};

/**
 * The field messages of a 422 in one line, so the Zap history says which field to fix.
 * @param {Record<string, string[]> | undefined} fields
 */
const fieldSummary = (fields) =>
  fields
    ? Object.entries(fields)
        .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
        .join('; ')
    : '';

/**
 * Switchboard's error answers ({error, message, fields?}) become errors that stop
 * the step with Switchboard's own sentence (afterResponse). A refused key asks
 * the user to reconnect; 429 is left to the platform's throttling (retried
 * later) and 5xx to the default handling.
 * @param {HttpResponse} response
 * @param {ZObject} z
 */
const explainErrors = (response, z) => {
  const status = response.status;
  // The caller asked to look at the status itself.
  if (response.skipThrowForStatus) return response;
  if (status < 400 || status === 429 || status >= 500) return response;
  /** @type {{error?: string, message?: string, fields?: Record<string, string[]>}} */
  let body = {};
  try {
    body = JSON.parse(response.content);
  } catch {
    // Not Switchboard's JSON (a proxy's page, a wrong URL): say so below.
  }
  if (status === 401) {
    throw new z.errors.ExpiredAuthError(
      `Switchboard refused the API key: ${body.message || 'unauthorized'} Create a new key under Settings → API keys and reconnect.`,
    );
  }
  if (!body.error) {
    throw new z.errors.Error(`${response.request.url} answered ${status}, not like a Switchboard. Check the Switchboard URL of this connection.`, 'not_switchboard', status);
  }
  const details = fieldSummary(body.fields);
  throw new z.errors.Error(details ? `${body.message} (${details})` : String(body.message), body.error, status);
};

/**
 * Blank optional fields left out, so Switchboard applies its defaults instead of
 * refusing an empty string.
 * @param {Record<string, unknown>} inputData
 * @param {string[]} keys
 */
const pick = (inputData, keys) => {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const key of keys) {
    const value = inputData[key];
    if (value !== undefined && value !== null && value !== '') out[key] = value;
  }
  return out;
};

module.exports = { baseUrl, apiUrl, sendApiKey, explainErrors, pick };

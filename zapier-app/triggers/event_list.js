// @ts-check
// Hidden: fills the "Event" dropdown of the actions (newest first).
'use strict';

const { apiUrl } = require('../lib/api');

/**
 * @param {import('zapier-platform-core').ZObject} z
 * @param {import('zapier-platform-core').Bundle} bundle
 */
const perform = async (z, bundle) => {
  const response = await z.request({ url: apiUrl(bundle, '/events'), method: 'GET' });
  /** @type {Array<{id: string, title: string, status: string, starts_at: string, time_zone: string, slug: string}>} */
  const events = response.data;
  // The date and, unless published, the status tell apart events of the same title.
  return events.map((e) => ({
    ...e,
    label: `${e.title} (${e.starts_at.slice(0, 10)}${e.status === 'published' ? '' : `, ${e.status}`})`,
  }));
};

module.exports = {
  key: 'event_list',
  noun: 'Event',
  display: { label: 'List Events', description: 'Lists events for the event dropdowns.', hidden: true },
  operation: {
    perform,
    sample: {
      id: '00000000-0000-4000-8000-000000000001',
      title: 'Example Conference',
      status: 'published',
      starts_at: '2030-06-01T07:00:00.000Z',
      time_zone: 'Europe/Zurich',
      slug: 'example-conference-a1b2c3',
      label: 'Example Conference (2030-06-01)',
    },
  },
};

// @ts-check
// A Switchboard message is {type, timestamp, data}; Zapier wants an `id` on
// every item. The fact's own identity is its type, when it happened and what
// it is about, so the id is made of those: the same fact has the same id in a
// sample and in a delivery, and a retried delivery of it too.
'use strict';

/**
 * @typedef {{type: string, timestamp: string, data: {order?: {id: string}, attendee?: {id: string}, event?: {id: string}}}} Message
 */

/**
 * @template {Message} M
 * @param {M} message
 * @returns {M & {id: string}}
 */
const withFactId = (message) => {
  const subject = message.data.order || message.data.attendee || message.data.event;
  return { id: `${message.type}:${subject ? subject.id : ''}:${message.timestamp}`, ...message };
};

module.exports = { withFactId };

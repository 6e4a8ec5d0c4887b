// The resources as Twilio's JSON shows them (snake_case, RFC 2822 dates in the 2010
// API, ISO 8601 in Messaging v1).
import type { TwilioAccount, TwilioMessage, TwilioNumber, TwilioService, TwilioVoiceCall } from "./state";

const API = "/2010-04-01";

export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace("GMT", "+0000");
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function accountView(a: TwilioAccount) {
  // The real resource also carries the auth token; the sandbox leaves it out so it never lands in a call log.
  return {
    sid: a.sid,
    owner_account_sid: a.sid,
    friendly_name: a.friendlyName,
    status: "active",
    type: "Full",
    date_created: rfc2822(a.createdAt),
    date_updated: rfc2822(a.createdAt),
    uri: `${API}/Accounts/${a.sid}.json`,
    subresource_uris: { messages: `${API}/Accounts/${a.sid}/Messages.json`, incoming_phone_numbers: `${API}/Accounts/${a.sid}/IncomingPhoneNumbers.json` },
  };
}

export function messageView(m: TwilioMessage) {
  return {
    account_sid: m.accountSid,
    api_version: "2010-04-01",
    body: m.body,
    date_created: rfc2822(m.createdAt),
    date_sent: m.sentAt === null ? null : rfc2822(m.sentAt),
    date_updated: rfc2822(m.updatedAt),
    direction: m.direction,
    error_code: m.errorCode,
    error_message: null,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: "0",
    num_segments: String(Math.max(1, Math.ceil(m.body.length / 153))),
    price: null,
    price_unit: "USD",
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `${API}/Accounts/${m.accountSid}/Messages/${m.sid}/Media.json` },
    to: m.to,
    uri: `${API}/Accounts/${m.accountSid}/Messages/${m.sid}.json`,
  };
}

export function callView(c: TwilioVoiceCall) {
  const ended = ["completed", "busy", "no-answer", "failed", "canceled"].includes(c.status);
  return {
    sid: c.sid,
    account_sid: c.accountSid,
    api_version: "2010-04-01",
    date_created: rfc2822(c.createdAt),
    date_updated: rfc2822(c.updatedAt),
    direction: "outbound-api",
    duration: c.duration === null ? null : String(c.duration),
    end_time: ended ? rfc2822(c.updatedAt) : null,
    from: c.from,
    from_formatted: c.from,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: "USD",
    start_time: c.status === "queued" ? null : rfc2822(c.createdAt),
    status: c.status,
    to: c.to,
    to_formatted: c.to,
    uri: `${API}/Accounts/${c.accountSid}/Calls/${c.sid}.json`,
    subresource_uris: { recordings: `${API}/Accounts/${c.accountSid}/Calls/${c.sid}/Recordings.json` },
  };
}

export function numberView(accountSid: string, n: TwilioNumber) {
  return {
    sid: n.sid,
    account_sid: accountSid,
    phone_number: n.phoneNumber,
    friendly_name: n.friendlyName,
    capabilities: { voice: true, sms: true, mms: true, fax: false },
    sms_url: n.smsUrl ?? "",
    sms_method: "POST",
    status: "in-use",
    api_version: "2010-04-01",
    date_created: rfc2822(n.createdAt),
    date_updated: rfc2822(n.createdAt),
    uri: `${API}/Accounts/${accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
  };
}

export function serviceView(accountSid: string, s: TwilioService, base: string) {
  return {
    sid: s.sid,
    account_sid: accountSid,
    friendly_name: s.friendlyName,
    inbound_request_url: s.inboundRequestUrl,
    inbound_method: "POST",
    use_inbound_webhook_on_number: false,
    date_created: iso(s.createdAt),
    date_updated: iso(s.createdAt),
    url: `${base}/v1/Services/${s.sid}`,
  };
}

/** The 2010 API's page envelope: the list under its own key and the paging URIs. */
export function page2010<T>(key: string, uri: string, items: T[], pageSize: number, pageNo: number) {
  const start = pageNo * pageSize;
  const slice = items.slice(start, start + pageSize);
  const more = start + pageSize < items.length;
  const at = (n: number) => `${uri}?PageSize=${pageSize}&Page=${n}`;
  return {
    [key]: slice,
    first_page_uri: at(0),
    next_page_uri: more ? at(pageNo + 1) : null,
    previous_page_uri: pageNo > 0 ? at(pageNo - 1) : null,
    page: pageNo,
    page_size: pageSize,
    start,
    end: start + Math.max(slice.length - 1, 0),
    uri: at(pageNo),
  };
}

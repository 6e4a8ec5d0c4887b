// The validators on their own, against the real spec files: the emulation must stay
// in step with what the providers publish.
import { describe, expect, it } from "vitest";
import { EMULATED_CALENDAR_METHODS } from "../../sandbox/google-calendar/calendar/routes";
import { CALENDAR_SPEC } from "../../sandbox/google-calendar/spec";
import { requiredSpecFiles } from "../../sandbox/registry";
import { SENDGRID_SPEC } from "../../sandbox/sendgrid/spec";
import { EMULATED_SLACK_METHODS } from "../../sandbox/slack/api";
import { SLACK_SPEC } from "../../sandbox/slack/spec";
import { defaultSpecsDir, openSpecStore } from "../../sandbox/validation/spec-store";

const store = await openSpecStore(defaultSpecsDir(), requiredSpecFiles());

describe("spec validators", () => {
  it("finds the shared specs", () => {
    expect(store.missing).toEqual([]);
    expect(store.validating).toBe(true);
  });

  it("emulates only Slack methods its spec describes", async () => {
    const slack = (await store.load(SLACK_SPEC))!;
    for (const name of EMULATED_SLACK_METHODS) expect(slack.operation(`/${name}`), name).toBeDefined();
  });

  it("serves each Calendar method at the path and HTTP method of the discovery document", async () => {
    const google = (await store.load(CALENDAR_SPEC))!;
    for (const m of EMULATED_CALENDAR_METHODS) {
      expect(google.method(m.id), m.id).toMatchObject({ httpMethod: m.method, path: m.template });
    }
  });

  it("checks Slack parameters for presence and type, wherever they are sent", async () => {
    const slack = (await store.load(SLACK_SPEC))!;
    const op = slack.operation("/conversations.list")!;
    expect(slack.validate(op, { query: { limit: "20" }, header: { token: "t" } }, { anyLocation: true }).issues).toEqual([]);
    expect(slack.validate(op, { formData: { limit: "twenty" } }, { anyLocation: true }).issues).toEqual([expect.objectContaining({ path: "limit", rule: "type" })]);
    const post = slack.operation("/chat.postMessage")!;
    expect(slack.validate(post, { formData: { text: "x" } }, { anyLocation: true }).issues.map((i) => i.path)).toEqual(["token", "channel"]);
  });

  it("checks a SendGrid body against its schema with every $ref resolved", async () => {
    const sendgrid = (await store.load(SENDGRID_SPEC))!;
    const op = sendgrid.operation("POST", "/v3/mail/send")!;
    expect(op.id).toBe("SendMail");
    const valid = { personalizations: [{ to: [{ email: "a@example.com" }] }], from: { email: "b@example.com" }, subject: "s", content: [{ type: "text/plain", value: "v" }], custom_args: { order: "1" } };
    expect(sendgrid.validate(op, { query: {}, headers: {}, body: valid }).issues).toEqual([]);
    const issues = sendgrid.validate(op, { query: {}, headers: {}, body: { ...valid, from: { email: "nope" }, attachments: [{ content: "eA==", disposition: "sideways" }] } }).issues;
    expect(issues.map((i) => [i.path, i.rule])).toEqual([
      ["from.email", "format"],
      ["attachments.0.filename", "required"],
      ["attachments.0.disposition", "enum"],
    ]);
  });

  it("checks Google parameters and fields, with fields required per method", async () => {
    const google = (await store.load(CALENDAR_SPEC))!;
    const ok = { start: { dateTime: "2030-01-01T10:00:00Z" }, end: { dateTime: "2030-01-01T11:00:00Z" } };
    expect(google.validate("calendar.events.insert", { pathParams: { calendarId: "primary" }, query: {}, body: ok }).issues).toEqual([]);
    expect(google.validate("calendar.events.patch", { pathParams: { calendarId: "primary", eventId: "abcde" }, query: {}, body: { summary: "x" } }).issues).toEqual([]);
    const bad = google.validate("calendar.events.insert", { pathParams: { calendarId: "" }, query: { maxAttendees: "0" }, body: { start: { dateTime: 5 }, attendees: "ana" } });
    expect(bad.issues.map((i) => [i.location, i.path, i.rule])).toEqual([
      ["path", "calendarId", "required"],
      ["query", "maxAttendees", "type"],
      ["body", "end", "required"],
      ["body", "start.dateTime", "type"],
      ["body", "attendees", "type"],
    ]);
    expect(google.validate("calendar.events.insert", { pathParams: { calendarId: "primary" }, query: {}, body: { ...ok, colour: "red" } }).notes).toEqual(["colour is not a field of Event"]);
  });
});

// The Microsoft 365 sandbox on its own: request bodies checked against Graph's
// CSDL (a misspelled or mistyped property refused as Graph refuses it), and the
// week view's edit "made in Outlook" notifying the subscriptions watching the
// calendar, with their clientState, as Graph would.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Clock } from "../../sandbox/core/clock";
import type { Runtime } from "../../sandbox/core/context";
import { createCsdlModel, type CsdlModel } from "../../sandbox/microsoft365/csdl";
import { applyFields, blankEntry } from "../../sandbox/microsoft365/entries";
import { MICROSOFT365_STATE, type Microsoft365State } from "../../sandbox/microsoft365/state";
import { editOutlookEntry, outlookWeekEntries } from "../../sandbox/microsoft365/week-entries";
import { defaultSpecsDir } from "../../sandbox/validation/spec-store";
import { listenForPosts, type PostListener, type RawPost } from "./post-listener";

let model: CsdlModel;
beforeAll(async () => {
  model = createCsdlModel(await readFile(path.join(defaultSpecsDir(), "microsoft/graph-v1.0.csdl"), "utf8"));
});

const event = {
  subject: "Launch",
  body: { contentType: "text", content: "Talks" },
  start: { dateTime: "2030-06-01T09:00:00", timeZone: "Europe/Zurich" },
  end: { dateTime: "2030-06-01T17:00:00", timeZone: "Europe/Zurich" },
  location: { displayName: "Hall 1" },
  attendees: [{ emailAddress: { address: "ana@example.com", name: "Ana" }, type: "required" }],
  isReminderOn: true,
  reminderMinutesBeforeStart: 30,
  isOnlineMeeting: true,
  onlineMeetingProvider: "teamsForBusiness",
  transactionId: "switchboard-0000",
};

describe("Graph's CSDL as a request checker", () => {
  it("accepts the event body the connector sends", () => {
    expect(model.check("graph.event", event).issues).toEqual([]);
  });

  it("refuses a misspelled property, at the top and nested, naming it and the type", () => {
    const top = model.check("graph.event", { ...event, subjekt: "x" }).issues;
    expect(top).toEqual([expect.objectContaining({ path: "subjekt", rule: "unknown_property", message: "The property 'subjekt' does not exist on type 'microsoft.graph.event'. Make sure to only use property names that are defined by the type." })]);
    const nested = model.check("graph.event", { ...event, start: { dateTim: "2030-06-01T09:00:00", timeZone: "UTC" } }).issues;
    expect(nested).toEqual([expect.objectContaining({ path: "start.dateTim", message: expect.stringContaining("'microsoft.graph.dateTimeTimeZone'") })]);
    const deep = model.check("graph.event", { ...event, attendees: [{ emailAddress: { adress: "ana@example.com" } }] }).issues;
    expect(deep).toEqual([expect.objectContaining({ path: "attendees.0.emailAddress.adress" })]);
  });

  it("refuses wrong types, enum values the type does not have, and null where it is not nullable", () => {
    expect(model.check("graph.event", { ...event, reminderMinutesBeforeStart: "30" }).issues[0]).toMatchObject({ path: "reminderMinutesBeforeStart", rule: "type" });
    expect(model.check("graph.event", { ...event, onlineMeetingProvider: "zoomForBusiness" }).issues[0]).toMatchObject({ path: "onlineMeetingProvider", rule: "enum" });
    expect(model.check("graph.event", { ...event, start: { dateTime: null, timeZone: "UTC" } }).issues[0]).toMatchObject({ path: "start.dateTime", rule: "nullable" });
    expect(model.check("graph.event", { ...event, attendees: { emailAddress: {} } }).issues[0]).toMatchObject({ path: "attendees", rule: "type" });
  });

  it("checks a subscription's and getSchedule's bodies (action parameters without regard to case)", () => {
    const sub = { changeType: "created,updated,deleted", notificationUrl: "https://app.example/api/webhooks/microsoft365", resource: "me/events", expirationDateTime: "2030-01-01T00:00:00Z", clientState: "s" };
    expect(model.check("graph.subscription", sub).issues).toEqual([]);
    expect(model.check("graph.subscription", { ...sub, expirationDateTime: "tomorrow" }).issues[0]).toMatchObject({ path: "expirationDateTime", rule: "type" });
    const schedule = { schedules: ["room@example.com"], startTime: { dateTime: "2030-01-01T00:00:00", timeZone: "UTC" }, endTime: { dateTime: "2030-01-02T00:00:00", timeZone: "UTC" }, availabilityViewInterval: 15 };
    expect(model.check("action:getSchedule", schedule).issues).toEqual([]);
    expect(model.check("action:getSchedule", { ...schedule, shedules: ["x"] }).issues[0]).toMatchObject({ path: "shedules", rule: "unknown_property" });
    expect(model.check("action:getSchedule", { ...schedule, availabilityViewInterval: "15" }).issues[0]).toMatchObject({ path: "availabilityViewInterval", rule: "type" });
  });
});

describe("an Outlook entry edited in the week view", () => {
  let listener: PostListener;
  const posts: RawPost[] = [];
  let state: Microsoft365State;
  let rt: Runtime;
  let entryId = "";
  const clock = new Clock();

  beforeAll(async () => {
    listener = await listenForPosts("/api/webhooks/microsoft365?connection=c1", (p) => {
      posts.push(p);
      return { status: 202 };
    });
    state = MICROSOFT365_STATE.seed(clock.now());
    rt = { url: "http://127.0.0.1:1", clock, stopping: new AbortController().signal } as unknown as Runtime;
    const e = blankEntry(state.calendars[0]!.id, clock.now());
    expect(applyFields(e, { subject: "Launch", start: { dateTime: "2030-06-01T09:00:00", timeZone: "Europe/Zurich" }, end: { dateTime: "2030-06-01T17:00:00", timeZone: "Europe/Zurich" }, isOnlineMeeting: true, onlineMeetingProvider: "teamsForBusiness" })).toBeNull();
    state.entries.set(e.id, e);
    entryId = e.id;
    state.grants.set("g1", { id: "g1", clientId: "switchboard-sandbox", scopes: [], revoked: false, refreshToken: "r" });
    state.subscriptions.set("sub-1", { id: "sub-1", grantId: "g1", clientId: "switchboard-sandbox", resource: "me/events", calendarId: e.calendarId, changeType: ["created", "updated", "deleted"], notificationUrl: listener.url, lifecycleNotificationUrl: null, clientState: "the-secret", expiresAt: clock.now() + 3600_000, createdAt: "" });
    // A subscription on another calendar hears nothing of it.
    state.subscriptions.set("sub-2", { ...state.subscriptions.get("sub-1")!, id: "sub-2", calendarId: state.calendars[1]!.id });
  });
  afterAll(async () => {
    await listener?.close();
  });

  it("lists the entry as a week entry with its zone and Teams link", () => {
    expect(outlookWeekEntries(state)).toEqual([
      { id: entryId, provider: "Outlook", calendar: "Calendar", title: "Launch", start: "2030-06-01T07:00:00.000Z", end: "2030-06-01T15:00:00.000Z", timeZone: "Europe/Zurich", joinUrl: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//) },
    ]);
  });

  it("moves the entry, keeping its zone, and notifies the subscription on its calendar with its clientState", async () => {
    const before = state.entries.get(entryId)!.changeKey;
    expect(await editOutlookEntry(rt, state, entryId, { startsAt: "2030-06-01T11:00:00+02:00", endsAt: "2030-06-01T12:30:00+02:00", title: "Launch (moved)" })).toBe(true);
    const e = state.entries.get(entryId)!;
    expect(e).toMatchObject({ subject: "Launch (moved)", startsAt: "2030-06-01T09:00:00.000Z", endsAt: "2030-06-01T10:30:00.000Z", start: { dateTime: "2030-06-01T11:00:00.0000000", timeZone: "Europe/Zurich" } });
    expect(e.changeKey).not.toBe(before);
    expect(posts).toHaveLength(1);
    const n = JSON.parse(posts[0]!.raw).value[0];
    expect(n).toMatchObject({ subscriptionId: "sub-1", clientState: "the-secret", changeType: "updated", resourceData: { id: entryId, "@odata.etag": `W/"${e.changeKey}"` }, tenantId: state.tenantId });
  });

  it("deletes the entry by hand, notifying 'deleted'; an unknown or deleted entry is not edited", async () => {
    expect(await editOutlookEntry(rt, state, entryId, { remove: true })).toBe(true);
    expect(state.entries.get(entryId)!.deleted).toMatchObject({ by: "hand" });
    expect(JSON.parse(posts[1]!.raw).value[0]).toMatchObject({ changeType: "deleted" });
    expect(await editOutlookEntry(rt, state, entryId, { title: "x" })).toBe(false);
    expect(await editOutlookEntry(rt, state, "no-such-entry", { title: "x" })).toBe(false);
    expect(posts).toHaveLength(2);
    expect(outlookWeekEntries(state)[0]).toMatchObject({ cancelled: true });
  });
});

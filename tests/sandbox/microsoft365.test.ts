// The Microsoft 365 sandbox on its own: request bodies checked against Graph's
// CSDL (a misspelled or mistyped property refused as Graph refuses it), and the
// week view's edit "made in Outlook" notifying the subscriptions watching the
// calendar, with their clientState, as Graph would.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Clock } from "../../sandbox/core/clock";
import type { Runtime } from "../../sandbox/core/context";
import { createCsdlModel, type CsdlModel } from "../../sandbox/validation/csdl";
import { applyFields, blankEntry } from "../../sandbox/microsoft365/entries";
import { MICROSOFT365_STATE, type Microsoft365State } from "../../sandbox/microsoft365/state";
import { editOutlookEntry, outlookWeekEntries } from "../../sandbox/microsoft365/week-entries";
import type { Sandbox } from "../../sandbox/server";
import { defaultSpecsDir } from "../../sandbox/validation/spec-store";
import { control, startTestSandbox } from "./helpers";
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

describe("Graph in the sandbox, over HTTP", () => {
  let sb: Sandbox;
  let token = "";
  let listener: PostListener;
  let answerValidation = true;
  const graph = (path: string, init: { method?: string; body?: unknown; prefer?: string } = {}) =>
    fetch(path.startsWith("http") ? path : `${sb.url}/microsoft365/v1.0/${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${token}`, ...(init.body ? { "content-type": "application/json" } : {}), ...(init.prefer ? { prefer: init.prefer } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
  const entry = (subject: string, transactionId?: string) => ({
    subject,
    start: { dateTime: "2030-06-01T09:00:00", timeZone: "Europe/Zurich" },
    end: { dateTime: "2030-06-01T10:00:00", timeZone: "Europe/Zurich" },
    ...(transactionId ? { transactionId } : {}),
  });

  beforeAll(async () => {
    sb = await startTestSandbox();
    token = (await control<{ access_token: string }>(sb, "POST", "tokens", { provider: "microsoft365" })).body.access_token;
    listener = await listenForPosts("/hook", (p) => {
      const v = new URL(p.path, "http://x").searchParams.get("validationToken");
      if (v !== null) return answerValidation ? { status: 200, body: v, contentType: "text/plain" } : { status: 500 };
      return { status: 202 };
    });
  });
  afterAll(async () => {
    await listener?.close();
    await sb?.stop();
  });

  it("answers a create repeating a transactionId with the entry it made first", async () => {
    const first = (await (await graph("me/calendar/events", { method: "POST", body: entry("Once", "tx-1") })).json()) as { id: string };
    const again = await graph("me/calendar/events", { method: "POST", body: entry("Once", "tx-1") });
    expect(again.status).toBe(201);
    expect(((await again.json()) as { id: string }).id).toBe(first.id);
    const other = (await (await graph("me/calendar/events", { method: "POST", body: entry("Twice", "tx-2") })).json()) as { id: string };
    expect(other.id).not.toBe(first.id);
  });

  it("pages the delta query with nextLinks, then a deltaLink that reports only later changes", async () => {
    const first = await graph("me/calendar/calendarView/delta?startDateTime=2030-05-01T00:00:00Z&endDateTime=2030-07-01T00:00:00Z", { prefer: "odata.maxpagesize=1" });
    const p1 = (await first.json()) as { value: unknown[]; "@odata.nextLink"?: string };
    expect(p1.value).toHaveLength(1);
    const p2 = (await (await graph(p1["@odata.nextLink"]!, { prefer: "odata.maxpagesize=1" })).json()) as { value: Array<{ subject: string }>; "@odata.deltaLink"?: string };
    expect(p2.value).toHaveLength(1);
    expect(p2["@odata.deltaLink"]).toContain("$deltatoken=");
    const quiet = (await (await graph(p2["@odata.deltaLink"]!)).json()) as { value: unknown[] };
    expect(quiet.value).toEqual([]);
    const e = (await (await graph("me/calendar/events", { method: "POST", body: entry("Later") })).json()) as { id: string };
    await graph(`me/events/${e.id}`, { method: "DELETE" });
    const changed = (await (await graph(p2["@odata.deltaLink"]!)).json()) as { value: Array<{ id: string; "@removed"?: unknown }> };
    expect(changed.value).toEqual([{ "@odata.type": "#microsoft.graph.event", id: e.id, "@removed": { reason: "deleted" } }]);
    expect((await control(sb, "POST", "microsoft365/delta/expire", {})).status).toBe(200);
    const gone = await graph(p2["@odata.deltaLink"]!);
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe("SyncStateNotFound");
  });

  it("refuses a subscription whose URL does not answer the validation request, and one too far ahead", async () => {
    const body = { changeType: "updated", notificationUrl: listener.url, resource: "me/events", expirationDateTime: new Date(Date.now() + 3600_000).toISOString(), clientState: "s" };
    answerValidation = false;
    const refused = await graph("subscriptions", { method: "POST", body });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("ValidationError");
    answerValidation = true;
    const far = await graph("subscriptions", { method: "POST", body: { ...body, expirationDateTime: new Date(Date.now() + 4300 * 60_000).toISOString() } });
    expect(far.status).toBe(400);
    expect(((await far.json()) as { error: { message: string } }).error.message).toContain("4230 minutes");
    expect((await graph("subscriptions", { method: "POST", body })).status).toBe(201);
  });

  it("rotates refresh tokens, and refuses a used or revoked one with invalid_grant", async () => {
    const minted = (await control<{ refresh_token: string }>(sb, "POST", "tokens", { provider: "microsoft365" })).body;
    const refresh = (refreshToken = minted.refresh_token) =>
      fetch(`${sb.url}/microsoft365/common/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: "switchboard-sandbox", client_secret: "sandbox-client-secret" }).toString(),
      });
    const ok = await refresh();
    expect(ok.status).toBe(200);
    const rotated = ((await ok.json()) as { refresh_token: string }).refresh_token;
    expect(rotated).not.toBe(minted.refresh_token);
    // The used refresh token was rotated away, as Microsoft does.
    const reused = await refresh();
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as { error: string; error_codes: number[] })).toMatchObject({ error: "invalid_grant", error_codes: [70000] });
    expect((await control(sb, "POST", "revoke", { provider: "microsoft365" })).status).toBe(200);
    const revoked = await refresh(rotated);
    expect(revoked.status).toBe(400);
    expect(((await revoked.json()) as { error: string })).toMatchObject({ error: "invalid_grant" });
  });
});

import type { GaxiosError } from "gaxios";
import { google } from "googleapis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { googleOAuthClient, mintToken, requestsOf, resetSandbox, startTestSandbox } from "./helpers";

let sb: Sandbox;
const CALENDAR_EVENTS = "https://www.googleapis.com/auth/calendar.events";
const CALENDAR_LIST = "https://www.googleapis.com/auth/calendar.calendarlist.readonly";

function calendar(accessToken: string) {
  const auth = googleOAuthClient(sb);
  auth.setCredentials({ access_token: accessToken });
  return google.calendar({ version: "v3", auth, rootUrl: `${sb.url}/google-calendar/`, retry: false } as never) as ReturnType<typeof google.calendar>;
}

async function failure(call: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  const err = (await call.then(() => null, (e: unknown) => e)) as GaxiosError | null;
  if (!err?.response) throw new Error(`expected an HTTP failure, got ${String(err)}`);
  return { status: err.response.status, data: err.response.data };
}

const launch = {
  summary: "Launch",
  description: "The launch party",
  location: "Zurich",
  start: { dateTime: "2030-01-01T18:00:00+01:00", timeZone: "Europe/Zurich" },
  end: { dateTime: "2030-01-01T21:00:00+01:00", timeZone: "Europe/Zurich" },
  attendees: [{ email: "ana@example.com", displayName: "Ana" }],
  reminders: { useDefault: false, overrides: [{ method: "email", minutes: 1440 }] },
  extendedProperties: { private: { switchboardEventId: "ev_1" } },
};

let token: string;

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.stop());
beforeEach(async () => {
  await resetSandbox(sb);
  token = (await mintToken(sb, "google-calendar", ["openid", "email", CALENDAR_EVENTS, CALENDAR_LIST])).access_token;
});

describe("Google Calendar v3", () => {
  it("lists the account's calendars, the primary one named by its e-mail", async () => {
    const res = await calendar(token).calendarList.list({ minAccessRole: "writer" });
    expect(res.data.items?.map((c) => [c.id, c.summary, c.primary ?? false])).toEqual([
      ["sandbox.user@example.com", "sandbox.user@example.com", true],
      ["c_sandboxteamevents@group.calendar.google.com", "Team events", false],
    ]);
  });

  it("serves calendar calls whether rootUrl is given to the client (origin only is kept) or to each call", async () => {
    await calendar(token).calendarList.list();
    const auth = googleOAuthClient(sb);
    auth.setCredentials({ access_token: token });
    await google.calendar({ version: "v3", auth }).calendarList.list({}, { rootUrl: `${sb.url}/google-calendar/`, retry: false });
    expect((await requestsOf(sb, "google-calendar")).map((r) => [r.path, r.status])).toEqual([
      ["/calendar/v3/users/me/calendarList", 200],
      ["/google-calendar/calendar/v3/users/me/calendarList", 200],
    ]);
  });

  it("inserts, reads, lists, patches, updates and deletes an event", async () => {
    const cal = calendar(token);
    const inserted = await cal.events.insert({ calendarId: "primary", sendUpdates: "all", requestBody: launch });
    const id = inserted.data.id!;
    expect(inserted.data).toMatchObject({
      kind: "calendar#event",
      status: "confirmed",
      summary: "Launch",
      organizer: { email: "sandbox.user@example.com", self: true },
      attendees: [{ email: "ana@example.com", responseStatus: "needsAction" }],
      iCalUID: `${id}@google.com`,
    });
    expect(id).toMatch(/^[a-v0-9]{5,}$/);
    expect((await cal.events.get({ calendarId: "sandbox.user@example.com", eventId: id })).data.summary).toBe("Launch");

    const listed = await cal.events.list({ calendarId: "primary", privateExtendedProperty: ["switchboardEventId=ev_1"], singleEvents: true, orderBy: "startTime" });
    expect(listed.data.items?.map((e) => e.id)).toEqual([id]);

    const patched = await cal.events.patch({ calendarId: "primary", eventId: id, requestBody: { summary: "Launch (moved)" } });
    expect(patched.data).toMatchObject({ summary: "Launch (moved)", location: "Zurich" });
    const updated = await cal.events.update({ calendarId: "primary", eventId: id, requestBody: { ...launch, summary: "Launch v2", location: undefined } });
    expect(updated.data.summary).toBe("Launch v2");
    expect(updated.data.location).toBeUndefined();

    expect((await cal.events.delete({ calendarId: "primary", eventId: id, sendUpdates: "all" })).status).toBe(204);
    expect((await cal.events.get({ calendarId: "primary", eventId: id })).data.status).toBe("cancelled");
    expect((await cal.events.list({ calendarId: "primary" })).data.items).toEqual([]);
    const again = await failure(cal.events.delete({ calendarId: "primary", eventId: id }));
    expect(again).toMatchObject({ status: 410, data: { error: { code: 410, errors: [{ reason: "deleted" }] } } });
    expect(await failure(cal.events.get({ calendarId: "primary", eventId: "unknownevent1" }))).toMatchObject({ status: 404, data: { error: { code: 404, errors: [{ reason: "notFound" }] } } });
  });

  it("refuses an event without an end exactly as Google does", async () => {
    const { end: _end, ...noEnd } = launch;
    const { status, data } = await failure(calendar(token).events.insert({ calendarId: "primary", requestBody: noEnd }));
    expect(status).toBe(400);
    expect(data).toEqual({
      error: { code: 400, message: "Missing end time.", errors: [{ domain: "global", reason: "required", message: "Missing end time." }], status: "INVALID_ARGUMENT" },
    });
    const logged = (await requestsOf(sb, "google-calendar")).at(-1)!;
    expect(logged.operation).toBe("google calendar.events.insert");
    expect(logged.validation.issues).toEqual([expect.objectContaining({ path: "end", rule: "required" })]);
  });

  it("refuses wrong parameter and field types from the discovery document", async () => {
    const badEnum = await failure(calendar(token).events.insert({ calendarId: "primary", sendUpdates: "everyone", requestBody: launch }));
    expect(badEnum).toMatchObject({ status: 400, data: { error: { errors: [{ reason: "invalidParameter", location: "sendUpdates", locationType: "parameter" }] } } });
    const badStart = await failure(calendar(token).events.insert({ calendarId: "primary", requestBody: { ...launch, start: "tomorrow" as never } }));
    expect(badStart).toMatchObject({ status: 400, data: { error: { message: "start: expected an object" } } });
    const badTime = await failure(calendar(token).events.insert({ calendarId: "primary", requestBody: { ...launch, end: { dateTime: "soon" } } }));
    expect(badTime).toMatchObject({ status: 400, data: { error: { errors: [{ reason: "invalid" }] } } });
  });

  it("refuses what Google refuses beyond types: empty ranges and mixed date kinds", async () => {
    const backwards = await failure(calendar(token).events.insert({ calendarId: "primary", requestBody: { ...launch, end: { dateTime: "2029-12-31T10:00:00Z" } } }));
    expect(backwards).toMatchObject({ status: 400, data: { error: { message: "The specified time range is empty.", errors: [{ reason: "timeRangeEmpty" }] } } });
    const mixed = await failure(calendar(token).events.insert({ calendarId: "primary", requestBody: { ...launch, end: { date: "2030-01-02" } } }));
    expect(mixed).toMatchObject({ status: 400, data: { error: { message: "Start and end times must either both be date or both be dateTime." } } });
    const sameDay = await failure(calendar(token).events.insert({ calendarId: "primary", requestBody: { summary: "x", start: { date: "2030-01-01" }, end: { date: "2030-01-01" } } }));
    expect(sameDay).toMatchObject({ status: 400, data: { error: { errors: [{ reason: "timeRangeEmpty" }] } } });
    const noZone = await failure(calendar(token).events.insert({ calendarId: "primary", requestBody: { ...launch, start: { dateTime: "2030-01-01T18:00:00" } } }));
    expect(noZone).toMatchObject({ status: 400, data: { error: { message: "Missing time zone definition for start time." } } });
  });

  it("answers 401 for unknown tokens and 403 for a token without a calendar scope", async () => {
    const unknown = await failure(calendar("ya29.sandbox-unknown").calendarList.list());
    expect(unknown).toMatchObject({ status: 401, data: { error: { code: 401, message: expect.stringMatching(/^Request had invalid authentication credentials/), status: "UNAUTHENTICATED" } } });
    const emailOnly = (await mintToken(sb, "google-calendar", ["openid", "email"])).access_token;
    const refused = await failure(calendar(emailOnly).events.insert({ calendarId: "primary", requestBody: launch }));
    expect(refused).toMatchObject({ status: 403, data: { error: { code: 403, errors: [{ reason: "insufficientPermissions" }], status: "PERMISSION_DENIED" } } });
  });

  it("answers 404 for an unknown calendar and for paths it does not serve", async () => {
    expect(await failure(calendar(token).events.list({ calendarId: "nobody@example.com" }))).toMatchObject({ status: 404 });
    const res = await fetch(`${sb.url}/google-calendar/calendar/v3/calendars/primary/acl`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 404, errors: [{ reason: "notFound" }] } });
  });
});

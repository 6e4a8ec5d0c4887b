import { google } from "googleapis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CalendarHook, WeekEntry } from "../../sandbox/core/calendar-week";
import { Clock } from "../../sandbox/core/clock";
import type { Runtime } from "../../sandbox/core/context";
import { defineModule, type SandboxModule } from "../../sandbox/core/provider-module";
import { stateSlot } from "../../sandbox/core/state-slot";
import { inboxPage } from "../../sandbox/inbox/page";
import { CONTROL_TOKEN_HEADER } from "../../sandbox/control/token";
import type { Sandbox } from "../../sandbox/server";
import { googleOAuthClient, mintToken, resetSandbox, startTestSandbox, waitFor } from "./helpers";
import { listenForPosts, type PostListener, type RawPost } from "./post-listener";

let sb: Sandbox;
let listener: PostListener;
let received: RawPost[] = [];

function calendar(token: string) {
  const auth = googleOAuthClient(sb);
  auth.setCredentials({ access_token: token });
  return google.calendar({ version: "v3", auth, rootUrl: `${sb.url}/google-calendar/`, retry: false } as never) as ReturnType<typeof google.calendar>;
}

function unescapeHtml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

async function inbox(path = "/"): Promise<string> {
  return (await fetch(`${sb.url}${path}`)).text();
}

/** The hidden form key the inbox page puts in each edit form, read as a browser would. */
function formKeyOf(page: string): string {
  return unescapeHtml(page.match(/<input type="hidden" name="formKey" value="([^"]+)">/)![1]!);
}

async function edit(entryId: string, change: unknown, headers: Record<string, string> = { [CONTROL_TOKEN_HEADER]: sb.controlToken }) {
  const res = await fetch(`${sb.url}/_sandbox/calendar/entries/${encodeURIComponent(entryId)}/edit`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(change),
  });
  return { status: res.status, body: (await res.json()) as { entry?: WeekEntry; error?: string; field?: string } };
}

async function postForm(entryId: string, fields: Record<string, string>) {
  return fetch(`${sb.url}/_sandbox/calendar/entries/${encodeURIComponent(entryId)}/edit`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
}

let token: string;
let eventId: string;

beforeAll(async () => {
  sb = await startTestSandbox();
  listener = await listenForPosts("/api/webhooks/google-calendar?connection=fake-connection", (post) => {
    received.push(post);
    return { status: 200 };
  });
});
afterAll(async () => {
  await listener.close();
  await sb.stop();
});
beforeEach(async () => {
  await resetSandbox(sb);
  received = [];
  token = (await mintToken(sb, "google-calendar")).access_token;
  const inserted = await calendar(token).events.insert({
    calendarId: "primary",
    requestBody: {
      summary: "Launch party",
      location: "Zurich",
      start: { dateTime: "2030-01-02T18:00:00+01:00", timeZone: "Europe/Zurich" },
      end: { dateTime: "2030-01-02T21:00:00+01:00", timeZone: "Europe/Zurich" },
      conferenceData: { entryPoints: [{ entryPointType: "video", uri: "https://meet.example.com/abc-defg-hij" }] },
    },
  });
  eventId = inserted.data.id!;
});

describe("the shared calendar week view", () => {
  it("shows each entry in its day, labelled by provider, with its join link and an edit form with labelled fields", async () => {
    const page = await inbox();
    expect(page).toContain('<section id="calendar-week"><h2>Calendar week <span class="muted small">Google Calendar</span></h2>');
    expect(page.indexOf('id="calendar-week"')).toBeLessThan(page.indexOf('id="calendar"'));
    const wednesday = page.split('<div class="day-head">Wed')[1]!.split('<div class="day">')[0]!;
    expect(wednesday).toContain('<span class="time">18:00</span> Launch party');
    expect(wednesday).toContain('<span class="provider">Google Calendar</span> <span class="muted">· sandbox.user@example.com</span>');
    expect(wednesday).toContain('<a href="https://meet.example.com/abc-defg-hij" rel="noreferrer noopener" target="_blank" aria-label="Join Launch party">Join</a>');
    expect(wednesday).toContain(`<form method="post" action="/_sandbox/calendar/entries/${eventId}/edit">`);
    expect(wednesday).toContain('<label>Start (date, time and offset) <input name="startsAt" value="2030-01-02T18:00:00+01:00"');
    expect(wednesday).toContain('<label>Title <input name="title" value="Launch party"');
    expect(wednesday).toContain('<button type="submit" class="danger" name="remove" value="true">Delete from calendar</button>');
    expect(page).not.toContain(sb.controlToken);
  });

  it("shows the week asked for with ?week=, with links to the weeks around it", async () => {
    const page = await inbox("/?week=2030-01-09");
    const days = [...page.matchAll(/<div class="day-head">(\w+) <span class="muted">([\d-]+)<\/span>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(days).toEqual(["Mon 01-07", "Tue 01-08", "Wed 01-09", "Thu 01-10", "Fri 01-11", "Sat 01-12", "Sun 01-13"]);
    expect(page).not.toContain('<span class="time">18:00</span> Launch party');
    expect(page).toContain('<a href="/?week=2029-12-31#calendar-week">2029-12-31</a>');
    expect(page).toContain('<a href="/?week=2029-12-31#calendar-week">← Previous week</a>');
  });

  it("renders any provider's entries through its calendar hook, beside the others", () => {
    const outlook: CalendarHook<{ entries: WeekEntry[] }> = {
      entries: (s) => s.entries,
      edit: () => false,
    };
    const fake = defineModule({ name: "fake-outlook", state: stateSlot("fake-outlook", () => ({ entries: [] as WeekEntry[] })) }) as SandboxModule & { calendar?: unknown };
    fake.calendar = outlook;
    const rt = {
      url: "http://127.0.0.1:1",
      clock: new Clock(),
      specs: { validating: true },
      requests: { list: () => [] },
      controlToken: "fake-control-token",
      state: {
        "fake-outlook": {
          entries: [
            { id: "AAMkAD-fake=", provider: "Outlook", calendar: "Calendar", title: "Board <meeting>", start: "2030-01-03T09:00:00-08:00", end: "2030-01-03T10:00:00-08:00", timeZone: "America/Los_Angeles", joinUrl: "https://teams.example.com/l/meetup-join/fake" },
            { id: "AAMkAD-gone=", provider: "Outlook", calendar: "Calendar", title: "Dropped", start: "2030-01-04T09:00:00-08:00", end: "2030-01-04T10:00:00-08:00", cancelled: true },
          ],
        },
      },
    } as unknown as Runtime;
    const page = inboxPage(rt, [fake], null);
    const thursday = page.split('<div class="day-head">Thu')[1]!.split('<div class="day">')[0]!;
    expect(thursday).toContain('<span class="time">09:00</span> Board &lt;meeting&gt;');
    expect(thursday).toContain('<span class="provider">Outlook</span>');
    expect(thursday).toContain('aria-label="Join Board &lt;meeting&gt;">Join</a>');
    expect(thursday).toContain('action="/_sandbox/calendar/entries/AAMkAD-fake%3D/edit"');
    const friday = page.split('<div class="day-head">Fri')[1]!.split('<div class="day">')[0]!;
    expect(friday).toContain('<span class="badge err">deleted</span>');
    expect(friday).not.toContain("<form");
    expect(page).not.toContain("fake-control-token");
  });
});

describe("POST /_sandbox/calendar/entries/<id>/edit", () => {
  async function watch(): Promise<void> {
    await calendar(token).events.watch({ calendarId: "primary", requestBody: { id: "chan-edit", type: "web_hook", address: listener.url, token: "channel-secret-fake" } });
    await waitFor("the sync message", () => received.length === 1);
  }

  it("moves an entry as a person would in Google Calendar: new times (the duration kept), new etag, and an exists push", async () => {
    await watch();
    const cal = calendar(token);
    const before = (await cal.events.get({ calendarId: "primary", eventId })).data;
    const sync = (await cal.events.list({ calendarId: "primary" })).data.nextSyncToken!;

    const res = await edit(eventId, { startsAt: "2030-01-02T19:30:00+01:00" });
    expect(res.status).toBe(200);
    expect(res.body.entry).toMatchObject({ id: eventId, provider: "Google Calendar", start: "2030-01-02T19:30:00+01:00", end: "2030-01-02T22:30:00+01:00", timeZone: "Europe/Zurich" });

    const after = (await cal.events.get({ calendarId: "primary", eventId })).data;
    expect(after.etag).not.toBe(before.etag);
    expect(after.start).toEqual({ dateTime: "2030-01-02T19:30:00+01:00", timeZone: "Europe/Zurich" });
    expect(after.sequence).toBe((before.sequence ?? 0) + 1);
    const [push] = await waitFor("the exists push", () => (received.length === 2 ? received.slice(1) : null));
    expect(push!.headers).toMatchObject({ "x-goog-channel-id": "chan-edit", "x-goog-resource-state": "exists", "x-goog-message-number": "2", "x-goog-channel-token": "channel-secret-fake" });
    const changes = (await cal.events.list({ calendarId: "primary", syncToken: sync })).data.items!;
    expect(changes.map((e) => [e.id, e.etag])).toEqual([[eventId, after.etag]]);
  });

  it("renames, relocates and deletes an entry; the deleted one comes back cancelled in the change feed", async () => {
    await watch();
    const cal = calendar(token);
    const sync = (await cal.events.list({ calendarId: "primary" })).data.nextSyncToken!;
    expect((await edit(eventId, { title: "Launch (renamed)", location: "" })).body.entry).toMatchObject({ title: "Launch (renamed)" });
    const renamed = (await cal.events.get({ calendarId: "primary", eventId })).data;
    expect(renamed.summary).toBe("Launch (renamed)");
    expect(renamed).not.toHaveProperty("location");
    const removed = await edit(eventId, { remove: true });
    expect(removed).toMatchObject({ status: 200, body: { entry: { id: eventId, cancelled: true } } });
    expect((await cal.events.get({ calendarId: "primary", eventId })).data.status).toBe("cancelled");
    await waitFor("two exists pushes", () => received.length === 3);
    expect((await cal.events.list({ calendarId: "primary", syncToken: sync })).data.items!.map((e) => [e.id, e.status])).toEqual([[eventId, "cancelled"]]);
    // Gone from the calendar: nothing left to edit.
    expect(await edit(eventId, { title: "Again" })).toMatchObject({ status: 409 });
  });

  it("lists every provider's entries as the week view shows them (a read, open like the inbox)", async () => {
    const res = await fetch(`${sb.url}/_sandbox/calendar/entries`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { entries: WeekEntry[] }).entries).toEqual([
      { id: eventId, provider: "Google Calendar", calendar: "sandbox.user@example.com", title: "Launch party", start: "2030-01-02T18:00:00+01:00", end: "2030-01-02T21:00:00+01:00", timeZone: "Europe/Zurich", location: "Zurich", joinUrl: "https://meet.example.com/abc-defg-hij" },
    ]);
  });

  it("refuses a change it cannot apply, naming the field, and an entry no calendar has", async () => {
    expect(await edit(eventId, { startsAt: "tomorrow at six" })).toMatchObject({ status: 400, body: { field: "startsAt", error: expect.stringContaining("2030-01-02T19:00:00+01:00") } });
    expect(await edit(eventId, { startsAt: "2030-01-02T18:00:00+01:00", endsAt: "2030-01-02T17:00:00+01:00" })).toMatchObject({ status: 400, body: { field: "endsAt" } });
    expect(await edit(eventId, { title: "  " })).toMatchObject({ status: 400, body: { field: "title" } });
    expect(await edit(eventId, { colour: "red" })).toMatchObject({ status: 400, body: { field: "colour" } });
    expect(await edit(eventId, {})).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^nothing to change/) } });
    expect(await edit("nosuchentry1", { title: "x" })).toMatchObject({ status: 404 });
    const unchanged = (await calendar(token).events.get({ calendarId: "primary", eventId })).data;
    expect(unchanged).toMatchObject({ summary: "Launch party", start: { dateTime: "2030-01-02T18:00:00+01:00" } });
  });

  it("needs the control token or the page's form key: a blind POST changes nothing", async () => {
    expect(await edit(eventId, { title: "Forged" }, {})).toMatchObject({ status: 401 });
    const forged = await postForm(eventId, { formKey: "not-the-key", title: "Forged" });
    expect(forged.status).toBe(401);
    const noKey = await postForm(eventId, { title: "Forged" });
    expect(noKey.status).toBe(401);
    expect((await calendar(token).events.get({ calendarId: "primary", eventId })).data.summary).toBe("Launch party");
  });

  it("takes the inbox's form from a browser and goes back to the week view; an error keeps what was typed", async () => {
    const key = formKeyOf(await inbox());
    const moved = await postForm(eventId, { formKey: key, startsAt: "2030-01-09T10:00:00+01:00", endsAt: "", title: "Launch party", location: "Basel" });
    expect(moved.status).toBe(303);
    expect(moved.headers.get("location")).toBe("/?week=2030-01-07#calendar-week");
    expect((await calendar(token).events.get({ calendarId: "primary", eventId })).data).toMatchObject({
      start: { dateTime: "2030-01-09T10:00:00+01:00" },
      end: { dateTime: "2030-01-09T13:00:00+01:00" },
      location: "Basel",
    });
    const page = await inbox(moved.headers.get("location")!);
    expect(page.split('<div class="day-head">Wed')[1]!.split('<div class="day">')[0]).toContain('<span class="time">10:00</span> Launch party');

    const wrong = await postForm(eventId, { formKey: key, startsAt: "next friday", title: "Kept title" });
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain('<p class="form-error" role="alert">startsAt must be a date and time with its offset');
    expect(html).toContain('<input name="startsAt" value="next friday"');
    expect(html).toContain('<input name="title" value="Kept title"');

    // An all-day entry's form shows its dates: sent back unchanged, they are no change.
    const allDay = (await calendar(token).events.insert({ calendarId: "primary", requestBody: { summary: "Offsite", start: { date: "2030-01-10" }, end: { date: "2030-01-12" } } })).data;
    const renamed = await postForm(allDay.id!, { formKey: key, startsAt: "2030-01-10", endsAt: "2030-01-12", title: "Team offsite", location: "" });
    expect(renamed.status).toBe(303);
    expect((await calendar(token).events.get({ calendarId: "primary", eventId: allDay.id! })).data).toMatchObject({ summary: "Team offsite", start: { date: "2030-01-10" }, end: { date: "2030-01-12" } });

    const deleted = await postForm(eventId, { formKey: key, remove: "true" });
    expect(deleted.status).toBe(303);
    expect((await calendar(token).events.get({ calendarId: "primary", eventId })).data.status).toBe("cancelled");
  });
});

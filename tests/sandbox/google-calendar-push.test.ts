import type { GaxiosError } from "gaxios";
import { google } from "googleapis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control, googleOAuthClient, mintToken, resetSandbox, startTestSandbox, waitFor } from "./helpers";
import { waitFor as waitUntil } from "../helpers/wait";
import { listenForPosts, type PostListener, type RawPost } from "./post-listener";

let sb: Sandbox;
let listener: PostListener;
let received: RawPost[] = [];
let token: string;

function calendar(accessToken = token) {
  const auth = googleOAuthClient(sb);
  auth.setCredentials({ access_token: accessToken });
  return google.calendar({ version: "v3", auth, rootUrl: `${sb.url}/google-calendar/`, retry: false } as never) as ReturnType<typeof google.calendar>;
}

async function failure(call: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  const err = (await call.then(() => null, (e: unknown) => e)) as GaxiosError | null;
  if (!err?.response) throw new Error(`expected an HTTP failure, got ${String(err)}`);
  return { status: err.response.status, data: err.response.data };
}

const event = (summary: string, day = "2030-03-04") => ({
  summary,
  start: { dateTime: `${day}T18:00:00+01:00`, timeZone: "Europe/Zurich" },
  end: { dateTime: `${day}T20:00:00+01:00`, timeZone: "Europe/Zurich" },
});

const header = (p: RawPost, name: string) => p.headers[name.toLowerCase()] as string | undefined;
const on = (channelId: string) => received.filter((p) => header(p, "x-goog-channel-id") === channelId);
const numbers = (channelId: string) => on(channelId).map((p) => Number(header(p, "x-goog-message-number"))).sort((a, b) => a - b);

async function watch(id: string, extra: Record<string, unknown> = {}, calendarId = "primary") {
  return (await calendar().events.watch({ calendarId, requestBody: { id, type: "web_hook", address: listener.url, token: "channel-secret-fake", ...extra } })).data;
}

/** Lets any notification still in flight arrive, so "nothing came" is a real observation: the next watch's sync hello is posted after it. */
async function settle(): Promise<void> {
  const probe = `probe${Date.now()}`;
  await calendar().events.watch({ calendarId: "c_sandboxteamevents@group.calendar.google.com", requestBody: { id: probe, type: "web_hook", address: listener.url } });
  await waitFor("the probe's sync message", () => on(probe).length === 1);
}

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
});
afterEach(() => {
  received = [];
});

describe("Google Calendar push channels (events.watch, channels.stop)", () => {
  it("answers the Channel and sends the sync message with Google's headers and an empty body", async () => {
    const channel = await watch("chan-sync-1");
    expect(channel).toMatchObject({ kind: "api#channel", id: "chan-sync-1", token: "channel-secret-fake", resourceUri: expect.stringContaining("/calendars/sandbox.user%40example.com/events") });
    expect(channel.resourceId).toMatch(/^[\w-]{20,}$/);
    // No expiration asked: one week of sandbox time.
    expect(Number(channel.expiration) - Date.now()).toBeGreaterThan(7 * 24 * 3600 * 1000 - 60_000);
    expect(Number(channel.expiration) - Date.now()).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);

    const [sync] = await waitFor("the sync message", () => (on("chan-sync-1").length ? on("chan-sync-1") : null));
    expect(sync!.path).toBe("/api/webhooks/google-calendar?connection=fake-connection");
    expect(sync!.raw).toBe("");
    expect(sync!.headers).toMatchObject({
      "x-goog-channel-id": "chan-sync-1",
      "x-goog-channel-token": "channel-secret-fake",
      "x-goog-channel-expiration": new Date(Number(channel.expiration)).toUTCString(),
      "x-goog-resource-id": channel.resourceId,
      "x-goog-resource-uri": channel.resourceUri,
      "x-goog-resource-state": "sync",
      "x-goog-message-number": "1",
    });
    const inbox = await (await fetch(`${sb.url}/`)).text();
    expect(inbox).toContain("<h3>Push notifications</h3>");
    expect(inbox).toContain(`<td><strong>sync #1</strong><br><span class="muted small">channel chan-sync-1</span></td>`);
    expect(inbox).not.toContain("channel-secret-fake");
  });

  it("leaves out X-Goog-Channel-Token when the channel has none, and caps a long expiration at 30 days", async () => {
    const far = Date.now() + 90 * 24 * 3600 * 1000;
    const channel = (await calendar().events.watch({ calendarId: "primary", requestBody: { id: "chan-no-token", type: "web_hook", address: listener.url, expiration: String(far) } })).data;
    expect(Number(channel.expiration)).toBeLessThanOrEqual(Date.now() + 30 * 24 * 3600 * 1000);
    expect(Number(channel.expiration)).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    const [sync] = await waitFor("the sync message", () => (on("chan-no-token").length ? on("chan-no-token") : null));
    expect(sync!.headers).not.toHaveProperty("x-goog-channel-token");
    const short = await calendar().events.watch({ calendarId: "primary", requestBody: { id: "chan-ttl", type: "web_hook", address: listener.url, params: { ttl: "3600" } } });
    expect(Number(short.data.expiration) - Date.now()).toBeLessThanOrEqual(3600 * 1000);
  });

  it("refuses a channel Google would refuse: wrong type, no address, an id already in use", async () => {
    expect(await failure(calendar().events.watch({ calendarId: "primary", requestBody: { id: "chan-a", type: "email", address: listener.url } }))).toMatchObject({ status: 400, data: { error: { errors: [{ reason: "invalid" }] } } });
    expect(await failure(calendar().events.watch({ calendarId: "primary", requestBody: { id: "chan-a", type: "web_hook" } }))).toMatchObject({ status: 400, data: { error: { message: expect.stringMatching(/address/) } } });
    await watch("chan-a");
    expect(await failure(watch("chan-a"))).toMatchObject({ status: 400, data: { error: { errors: [{ reason: "channelIdNotUnique" }] } } });
    expect(await failure(calendar().events.watch({ calendarId: "nobody@example.com", requestBody: { id: "chan-b", type: "web_hook", address: listener.url } }))).toMatchObject({ status: 404 });
  });

  it("posts exists for each insert, patch, update and delete in the watched calendar, numbered on per channel", async () => {
    await watch("chan-changes");
    await waitFor("the sync message", () => on("chan-changes").length === 1);
    const cal = calendar();
    const id = (await cal.events.insert({ calendarId: "primary", requestBody: event("Launch") })).data.id!;
    await cal.events.patch({ calendarId: "primary", eventId: id, requestBody: { summary: "Launch (moved)" } });
    await cal.events.update({ calendarId: "primary", eventId: id, requestBody: event("Launch v2") });
    await cal.events.delete({ calendarId: "primary", eventId: id });
    await waitFor("five messages", () => on("chan-changes").length === 5);
    expect(numbers("chan-changes")).toEqual([1, 2, 3, 4, 5]);
    // A deleted event is a change of the collection: "exists", the event now cancelled.
    expect(on("chan-changes").map((p) => header(p, "x-goog-resource-state")).sort()).toEqual(["exists", "exists", "exists", "exists", "sync"]);

    // A change in another calendar is not this channel's.
    await cal.events.insert({ calendarId: "c_sandboxteamevents@group.calendar.google.com", requestBody: event("Team") });
    await settle();
    expect(on("chan-changes")).toHaveLength(5);
    // The sandbox records each answer once it has it, a moment after the receiver took the push.
    const pushes = await waitUntil(async () => {
      const r = await control<{ deliveries: Array<{ channelId: string; resourceState: string; messageNumber: number; status: number | null }> }>(sb, "GET", "google-calendar/pushes?channel=chan-changes");
      return r.body.deliveries.every((d) => d.status !== null) ? r : undefined;
    }, { what: "every push on the channel answered" });
    expect(pushes.body.deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it("sends to every live channel of the calendar, each with its own numbers", async () => {
    await watch("chan-one");
    await watch("chan-two");
    await waitFor("both sync messages", () => on("chan-one").length === 1 && on("chan-two").length === 1);
    await calendar().events.insert({ calendarId: "primary", requestBody: event("Both") });
    await waitFor("a message on each", () => on("chan-one").length === 2 && on("chan-two").length === 2);
    expect(numbers("chan-one")).toEqual([1, 2]);
    expect(numbers("chan-two")).toEqual([1, 2]);
  });

  it("stops a channel (204), after which nothing is sent on it; an unknown or stopped channel is 404", async () => {
    const channel = await watch("chan-stop");
    await waitFor("the sync message", () => on("chan-stop").length === 1);
    const stopped = await calendar().channels.stop({ requestBody: { id: "chan-stop", resourceId: channel.resourceId } });
    expect(stopped.status).toBe(204);
    await calendar().events.insert({ calendarId: "primary", requestBody: event("After stop") });
    await settle();
    expect(on("chan-stop")).toHaveLength(1);
    expect(await failure(calendar().channels.stop({ requestBody: { id: "chan-stop", resourceId: channel.resourceId } }))).toMatchObject({ status: 404, data: { error: { errors: [{ reason: "notFound" }] } } });
    expect(await failure(calendar().channels.stop({ requestBody: { id: "never-made", resourceId: channel.resourceId } }))).toMatchObject({ status: 404 });
  });

  it("sends nothing on a channel past its expiration", async () => {
    await watch("chan-expiring", { params: { ttl: "60" } });
    await waitFor("the sync message", () => on("chan-expiring").length === 1);
    expect((await control(sb, "POST", "clock", { advanceSeconds: 61 })).status).toBe(200);
    token = (await mintToken(sb, "google-calendar")).access_token;
    await calendar().events.insert({ calendarId: "primary", requestBody: event("Too late") });
    await settle();
    expect(on("chan-expiring")).toHaveLength(1);
    const channels = await control<{ channels: Array<{ id: string; live: boolean; hasToken: boolean }> }>(sb, "GET", "google-calendar/channels");
    expect(channels.body.channels.find((c) => c.id === "chan-expiring")).toMatchObject({ live: false, hasToken: true });
    expect(JSON.stringify(channels.body)).not.toContain("channel-secret-fake");
  });

  it("sends nothing once the grant behind the channel is revoked", async () => {
    await watch("chan-revoked");
    await waitFor("the sync message", () => on("chan-revoked").length === 1);
    const other = (await mintToken(sb, "google-calendar")).access_token;
    await control(sb, "POST", "revoke", { provider: "google-calendar", token });
    await calendar(other).events.insert({ calendarId: "primary", requestBody: event("After revoke") });
    token = other;
    await settle();
    expect(on("chan-revoked")).toHaveLength(1);
  });
});

describe("Google Calendar incremental sync (syncToken)", () => {
  async function fullSync(calendarId = "primary"): Promise<{ ids: string[]; syncToken: string }> {
    const ids: string[] = [];
    let pageToken: string | undefined;
    for (;;) {
      const page = (await calendar().events.list({ calendarId, maxResults: 2, pageToken })).data;
      ids.push(...(page.items ?? []).map((e) => e.id!));
      if (page.nextPageToken) {
        expect(page.nextSyncToken).toBeUndefined();
        pageToken = page.nextPageToken;
        continue;
      }
      expect(page.nextSyncToken).toBeTruthy();
      return { ids, syncToken: page.nextSyncToken! };
    }
  }

  it("returns only what changed since the token, deleted events as cancelled, and a new token", async () => {
    const cal = calendar();
    const ids = [];
    for (const name of ["One", "Two", "Three"]) ids.push((await cal.events.insert({ calendarId: "primary", requestBody: event(name) })).data.id!);
    const full = await fullSync();
    expect(full.ids).toEqual(ids);

    const unchanged = await cal.events.list({ calendarId: "primary", syncToken: full.syncToken });
    expect(unchanged.data.items).toEqual([]);
    expect(unchanged.data.nextSyncToken).toBeTruthy();

    const before = (await cal.events.get({ calendarId: "primary", eventId: ids[0]! })).data.etag;
    const moved = await cal.events.patch({ calendarId: "primary", eventId: ids[0]!, requestBody: { start: { dateTime: "2030-03-05T18:00:00+01:00" }, end: { dateTime: "2030-03-05T20:00:00+01:00" } } });
    expect(moved.data.etag).not.toBe(before);
    await cal.events.delete({ calendarId: "primary", eventId: ids[1]! });
    const four = (await cal.events.insert({ calendarId: "primary", requestBody: event("Four") })).data.id!;

    const changes = (await cal.events.list({ calendarId: "primary", syncToken: full.syncToken })).data;
    expect(changes.items?.map((e) => [e.id, e.status])).toEqual([
      [ids[0], "confirmed"],
      [ids[1], "cancelled"],
      [four, "confirmed"],
    ]);
    expect(changes.items?.[0]?.etag).toBe(moved.data.etag);
    const deleted = (await cal.events.get({ calendarId: "primary", eventId: ids[1]! })).data;
    expect(deleted.etag).not.toBe(before);

    // The newer token sees only what comes after it, paged like any list.
    await cal.events.patch({ calendarId: "primary", eventId: ids[2]!, requestBody: { summary: "Three (renamed)" } });
    const first = (await cal.events.list({ calendarId: "primary", syncToken: changes.nextSyncToken!, maxResults: 1 })).data;
    expect(first.items?.map((e) => e.summary)).toEqual(["Three (renamed)"]);
    expect(first.nextSyncToken).toBeTruthy();
  });

  it("pages an incremental list without losing a change made between pages", async () => {
    const cal = calendar();
    const full = await fullSync();
    const ids = [];
    for (const name of ["A", "B", "C"]) ids.push((await cal.events.insert({ calendarId: "primary", requestBody: event(name) })).data.id!);
    const page1 = (await cal.events.list({ calendarId: "primary", syncToken: full.syncToken, maxResults: 1 })).data;
    expect(page1.items?.map((e) => e.id)).toEqual([ids[0]]);
    // A changes again while the client pages: B and C must still come, A's new state in the next sync.
    await cal.events.patch({ calendarId: "primary", eventId: ids[0]!, requestBody: { summary: "A again" } });
    const page2 = (await cal.events.list({ calendarId: "primary", syncToken: full.syncToken, maxResults: 1, pageToken: page1.nextPageToken! })).data;
    const page3 = (await cal.events.list({ calendarId: "primary", syncToken: full.syncToken, maxResults: 1, pageToken: page2.nextPageToken! })).data;
    expect([...page2.items!, ...page3.items!].map((e) => e.id)).toEqual([ids[1], ids[2]]);
    const next = (await cal.events.list({ calendarId: "primary", syncToken: page3.nextSyncToken! })).data;
    expect(next.items?.map((e) => e.summary)).toEqual(["A again"]);
  });

  it("refuses syncToken with timeMin, q or orderBy, and with showDeleted=false", async () => {
    const { syncToken } = await fullSync();
    const withTimeMin = await failure(calendar().events.list({ calendarId: "primary", syncToken, timeMin: "2030-01-01T00:00:00Z" }));
    expect(withTimeMin).toMatchObject({ status: 400, data: { error: { code: 400, errors: [{ reason: "invalidParameter", location: "timeMin" }] } } });
    expect(await failure(calendar().events.list({ calendarId: "primary", syncToken, q: "launch" }))).toMatchObject({ status: 400 });
    expect(await failure(calendar().events.list({ calendarId: "primary", syncToken, orderBy: "updated" }))).toMatchObject({ status: 400 });
    expect(await failure(calendar().events.list({ calendarId: "primary", syncToken, showDeleted: false }))).toMatchObject({ status: 400 });
    expect(await failure(calendar().events.list({ calendarId: "primary", syncToken: "not-a-token" }))).toMatchObject({ status: 400 });
  });

  it("answers 410 fullSyncRequired to a token issued before the control API invalidated them, and to another calendar's", async () => {
    const { syncToken } = await fullSync();
    expect((await calendar().events.list({ calendarId: "c_sandboxteamevents@group.calendar.google.com", syncToken }).then(() => 200, (e: GaxiosError) => e.response?.status))).toBe(410);
    expect((await control(sb, "POST", "google-calendar/invalidate-sync-tokens", {})).status).toBe(200);
    const gone = await failure(calendar().events.list({ calendarId: "primary", syncToken }));
    expect(gone).toEqual({
      status: 410,
      data: { error: { code: 410, message: "Sync token is no longer valid, a full sync is required.", errors: [{ domain: "calendar", reason: "fullSyncRequired", message: "Sync token is no longer valid, a full sync is required." }] } },
    });
    // A full sync gets a token that works again.
    const again = await fullSync();
    expect((await calendar().events.list({ calendarId: "primary", syncToken: again.syncToken })).status).toBe(200);
  });
});

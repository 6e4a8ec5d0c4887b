// Posting about events to X against the sandbox: OAuth 2.0 with PKCE; the
// announcement on publish, a note when the event moves or is cancelled, each once
// however often the delivery runs; the admin's template; and the failures: a 429
// with X's rate-limit headers, X down while the event is published (publishing
// is never held up, the post follows), a retry after a lost answer meeting X's
// duplicate refusal, and a revoked grant that needs a person; X's weighted length;
// and the order of facts when the announcement's delivery is retried after the
// event was cancelled or moved.
import { beforeEach, describe, expect, it } from "vitest";
import { cancelEvent, createEvent, publishEvent, updateEvent } from "@/lib/domain/events/service";
import { ValidationError } from "@/lib/domain/errors";
import { ProviderCallError } from "@/lib/integrations/contract";
import { retryDelivery } from "@/lib/jobs/deliveries";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectorContext } from "@/lib/integrations/connections/context";
import { loadConnector } from "@/lib/integrations/registry";
import { socialPostSubscribers } from "@/lib/social-posting/subscriber";
import { saveConnectorPostTemplates } from "@/lib/social-posting/view";
import { DEFAULT_POST_TEMPLATES, postLength } from "@/lib/social-posting/templates";
import { loadDomainEvent } from "@/lib/jobs/tasks";
import { appUrl } from "@/lib/config";
import { consent } from "../helpers/consent";
import { eventFields } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();

// The file shares one X connection, whose call policy allows 10 posts and then one
// every 2 s (as X's manifest says); each test starts with that bucket full, so a late
// test does not wait for tokens earlier ones spent. The limit itself is tested in
// rate-limit.test.ts, and X's own 429 below.
beforeEach(async () => {
  await t.db.deleteFrom("rate_limit_buckets").execute();
});

interface SandboxPost {
  id: string;
  text: string;
  deleted: boolean;
}

const x = async () => (await loadConnector("x"))!;
const posts = async (): Promise<SandboxPost[]> => (await sandbox.inbox()).x.posts;
const postsAbout = async (title: string) => (await posts()).filter((p) => p.text.includes(title) && !p.deleted);

async function connectX() {
  const connector = await x();
  const url = new URL(await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector, mode: "sandbox" }));
  expect(url.pathname).toBe("/x/i/oauth2/authorize");
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  expect(url.searchParams.get("scope")).toBe("tweet.read tweet.write users.read offline.access");
  const back = await consent(url.toString());
  return completeAuthorization(t.db, appKeyring(), { connector, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null });
}

async function published(title: string, fields: Partial<typeof eventFields> = {}) {
  const event = await createEvent(t.db, t.orgId, { ...eventFields, ...fields, title });
  const after = await publishEvent(t.db, t.orgId, event.id);
  expect(after.status).toBe("published");
  return after;
}

async function postRows(eventId: string) {
  return t.db.selectFrom("social_posts").selectAll().where("event_id", "=", eventId).orderBy("created_at").execute();
}

async function deliveryOf(eventId: string, type: string) {
  const fact = await waitFor(() => t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", eventId).where("type", "=", type).orderBy("occurred_at", "desc").executeTakeFirst(), { what: `the ${type} fact` });
  return waitFor(() => t.db.selectFrom("subscriber_deliveries").selectAll().where("domain_event_id", "=", fact.id).where("subscriber", "like", "social-post:%").executeTakeFirst(), { what: `the social delivery of ${type}` });
}

/** Runs the connection's subscriber on a fact again, as a retried job would. */
async function deliverAgain(eventId: string, type: string) {
  const d = await deliveryOf(eventId, type);
  const subscriber = (await socialPostSubscribers.resolve(d.subscriber, t.db))!;
  return subscriber.handle((await loadDomainEvent(t.db, d.domain_event_id))!, { db: t.db, attempt: 2 });
}

/** The delivery once the worker has run it: succeeded, skipped, retrying or dead. */
async function settled(deliveryId: string, opts: { timeoutMs?: number } = {}) {
  return waitFor(async () => {
    const d = await t.db.selectFrom("subscriber_deliveries").selectAll().where("id", "=", deliveryId).executeTakeFirstOrThrow();
    return d.status === "pending" ? undefined : d;
  }, { what: "the delivery run", timeoutMs: opts.timeoutMs ?? 20_000 });
}

async function templates(published = DEFAULT_POST_TEMPLATES.published) {
  await saveConnectorPostTemplates(t.db, t.orgId, await x(), { ...DEFAULT_POST_TEMPLATES, published });
}

/** Posts are refused until cleared (graphile-worker retries the delivery meanwhile, and unlocks the queue for the next facts). */
const xDown = () => sandbox.control("faults", { provider: "x", match: "/x/2/tweets", kind: "status", status: 503, times: 0 });
const xBack = () => sandbox.control("faults", undefined, "DELETE");

async function xContext() {
  return connectorContext(t.db, appKeyring(), await x(), (await findConnection(t.db, t.orgId, "x"))!);
}

async function versionOf(eventId: string) {
  return (await t.db.selectFrom("events").select("version").where("id", "=", eventId).executeTakeFirstOrThrow()).version;
}

describe("X", () => {
  it("connects with OAuth 2.0 and PKCE, linked to the X account, and proves it", async () => {
    expect(await connectX()).toMatchObject({ ok: true, account: { name: "@sandbox_events" } });
    const row = (await findConnection(t.db, t.orgId, "x"))!;
    expect(row.status).toBe("connected");
    expect(row.external_account_id).toBe("1790000000000000001");
    const tested = await (await x()).testConnection(await connectorContext(t.db, appKeyring(), await x(), row));
    expect(tested.detail).toContain("@sandbox_events");
  });

  it("posts a published event once, with its date, venue and link, however often the delivery runs", async () => {
    const event = await published("Launch Night");
    const [post] = await waitFor(async () => {
      const found = await postsAbout("Launch Night");
      return found.length ? found : undefined;
    }, { what: "the post on X", timeoutMs: 20_000 });
    expect(post!.text).toBe(`Launch Night, Sat, 1 Jun 2030, 09:00 CEST at Hall 1. Details and tickets: ${appUrl()}/e/${event.slug}`);
    const [row] = await waitFor(async () => {
      const rows = await postRows(event.id);
      return rows[0]?.status === "posted" ? rows : undefined;
    }, { what: "the post recorded" });
    expect(row).toMatchObject({ kind: "published", external_id: post!.id });
    expect(row!.url).toContain(`/x/i/web/status/${post!.id}`);
    expect(await deliverAgain(event.id, "event.published")).toBe("skipped");
    expect(await postsAbout("Launch Night")).toHaveLength(1);
  });

  it("posts a note when an announced event moves, once per new time, and nothing for other edits", async () => {
    const event = await published("Moving Talk");
    await waitFor(async () => ((await postRows(event.id))[0]?.status === "posted" ? true : undefined), { what: "the announcement" });
    await updateEvent(t.db, t.orgId, event.id, { ...eventFields, title: "Moving Talk", description: "New speakers", version: await versionOf(event.id) });
    await updateEvent(t.db, t.orgId, event.id, { ...eventFields, title: "Moving Talk", description: "New speakers", startsAt: "2030-06-08T10:00", endsAt: "2030-06-08T12:00", version: await versionOf(event.id) });
    const moved = await waitFor(async () => (await postsAbout("Moving Talk")).find((p) => p.text.startsWith("New date:")), { what: "the move on X", timeoutMs: 20_000 });
    expect(moved.text).toContain("Sat, 8 Jun 2030, 10:00");
    await waitFor(async () => ((await postRows(event.id)).find((r) => r.kind === "moved")?.status === "posted" ? true : undefined), { what: "the move recorded" });
    expect(await deliverAgain(event.id, "event.updated")).toBe("skipped");
    expect(await postsAbout("Moving Talk")).toHaveLength(2);
    expect((await postRows(event.id)).map((r) => r.kind)).toEqual(["published", "moved"]);
  });

  it("posts a cancellation of an announced event, and nothing for an event never announced", async () => {
    const event = await published("Called Off");
    await waitFor(async () => ((await postRows(event.id))[0]?.status === "posted" ? true : undefined), { what: "the announcement" });
    await cancelEvent(t.db, t.orgId, event.id);
    const note = await waitFor(async () => (await postsAbout("Called Off")).find((p) => p.text.startsWith("Cancelled:")), { what: "the cancellation on X", timeoutMs: 20_000 });
    expect(note.text).toContain(`/e/${event.slug}`);

    const draft = await createEvent(t.db, t.orgId, { ...eventFields, title: "Never Shown" });
    await cancelEvent(t.db, t.orgId, draft.id);
    const d = await deliveryOf(draft.id, "event.cancelled").catch(() => null);
    if (d) await waitFor(async () => ((await t.db.selectFrom("subscriber_deliveries").select("status").where("id", "=", d.id).executeTakeFirstOrThrow()).status === "skipped" ? true : undefined), { what: "the skipped delivery" });
    expect(await postsAbout("Never Shown")).toHaveLength(0);
  });

  it("uses the admin's template, and refuses one with unknown placeholders, no link or over 280 characters, naming the field", async () => {
    const connector = await x();
    const bad = await saveConnectorPostTemplates(t.db, t.orgId, connector, { published: "Come to {title} {when}: {url}", cancelled: "Off: {title}", moved: `${"x".repeat(270)} {title} {url}` }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    const fields = (bad as ValidationError).fieldErrors;
    expect(fields.published?.join(" ")).toContain("{when}");
    expect(fields.cancelled?.join(" ")).toContain("Include {url}");
    expect(fields.moved?.join(" ")).toMatch(/X allows 280/);

    await saveConnectorPostTemplates(t.db, t.orgId, connector, { published: "Join us at {title} ({venue}) → {url} #events", cancelled: DEFAULT_POST_TEMPLATES.cancelled, moved: DEFAULT_POST_TEMPLATES.moved });
    const event = await published("Template Fair");
    const post = await waitFor(async () => (await postsAbout("Template Fair"))[0], { what: "the templated post", timeoutMs: 20_000 });
    expect(post.text).toBe(`Join us at Template Fair (Hall 1) → ${appUrl()}/e/${event.slug} #events`);
  });

  it("cuts a long title to fit 280 characters, keeping the link whole", async () => {
    await saveConnectorPostTemplates(t.db, t.orgId, await x(), { published: "Don't miss {title}, {date} at {venue}. Tickets are going fast, so book yours today: {url}", cancelled: DEFAULT_POST_TEMPLATES.cancelled, moved: DEFAULT_POST_TEMPLATES.moved });
    const title = `Very Long ${"Conference ".repeat(18)}`.trim().slice(0, 200);
    const event = await published(title);
    const post = await waitFor(async () => (await posts()).find((p) => p.text.startsWith("Don't miss Very Long")), { what: "the cut post", timeoutMs: 20_000 });
    expect(post.text.endsWith(`… ${appUrl()}/e/${event.slug}`)).toBe(true);
    expect(postLength(post.text, (await x()).socialPosts)).toBeLessThanOrEqual(280);
  });

  it("cuts a CJK and emoji title to 280 as X weighs it (most such characters count 2), and X takes it", async () => {
    await templates();
    const title = "東京の春のプロダクト会議🎉".repeat(12);
    const event = await published(title);
    const post = await waitFor(async () => (await posts()).find((p) => p.text.startsWith("東京の春")), { what: "the cut post", timeoutMs: 20_000 });
    expect(post.text.endsWith(`… ${appUrl()}/e/${event.slug}`)).toBe(true);
    const weighted = postLength(post.text, (await x()).socialPosts);
    expect(weighted).toBeLessThanOrEqual(280);
    expect(weighted).toBeGreaterThan(270);
    // X has the post before the job records its answer: wait for our row rather than read it at once.
    await waitFor(async () => ((await postRows(event.id))[0]?.status === "posted" ? true : undefined), { what: "the post recorded as posted" });
  });

  it("is refused by X's own weighted count at 281, and taken at 280", async () => {
    const social = (await x()).socialPosts!;
    const ctx = await xContext();
    const link = `${appUrl()}/e/weighed`;
    // 1 + 128 × 2 + 1 + 23 = 281, though only 131 code points before the link.
    const over = await social.publish(ctx, { text: `a${"東".repeat(128)} ${link}`, link, title: "Weighed" }).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(ProviderCallError);
    expect((over as ProviderCallError).failure).toMatchObject({ kind: "invalid", status: 400 });
    expect((over as ProviderCallError).message).toContain("text must be at most 280 characters as X weighs them");
    expect(await social.publish(ctx, { text: `${"東".repeat(128)} ${link}`, link, title: "Weighed" })).toMatchObject({ posted: true });
  });

  it("posts a move back to a time told before (8 June, 15 June, 8 June again)", async () => {
    await templates();
    const event = await published("Round Trip");
    await waitFor(async () => ((await postRows(event.id))[0]?.status === "posted" ? true : undefined), { what: "the announcement" });
    const moveTo = async (day: string, venue = "Hall 1") => {
      await updateEvent(t.db, t.orgId, event.id, { ...eventFields, title: "Round Trip", venue, startsAt: `2030-06-${day}T10:00`, endsAt: `2030-06-${day}T12:00`, version: await versionOf(event.id) });
      const d = await settled((await deliveryOf(event.id, "event.updated")).id);
      expect(d.status).toBe("succeeded");
    };
    await moveTo("08");
    await moveTo("15");
    // Back in another room, so the text differs from the first move's and X does not refuse it as a duplicate.
    await moveTo("08", "Hall 2");
    const moves = (await postsAbout("Round Trip")).filter((p) => p.text.startsWith("New date:"));
    expect(moves.map((p) => p.text.match(/on (\w+, \d+ \w+ \d+)/)?.[1])).toEqual(["Sat, 8 Jun 2030", "Sat, 15 Jun 2030", "Sat, 8 Jun 2030"]);
    expect(moves[2]!.text).toContain("Hall 2");
    expect((await postRows(event.id)).map((r) => `${r.kind}:${r.status}`)).toEqual(["published:posted", "moved:posted", "moved:posted", "moved:posted"]);
  });
});

describe("X refusing", () => {
  it("waits out a 429 with X's rate-limit headers and posts once; the event is published at once", async () => {
    await sandbox.control("faults", { provider: "x", match: "/x/2/tweets", kind: "rate_limit", retryAfterSeconds: 1, times: 1 });
    await published("Busy Evening");
    await waitFor(async () => ((await postsAbout("Busy Evening")).length ? true : undefined), { what: "the post after the 429", timeoutMs: 30_000 });
    expect(await postsAbout("Busy Evening")).toHaveLength(1);
    const creates = (await sandbox.requests("x")).filter((r: { path: string; method: string }) => r.method === "POST" && r.path.endsWith("/2/tweets"));
    expect(creates.map((r: { status: number }) => r.status)).toContain(429);
  });

  it("publishes while X is down, records the failure, and posts once X is back", async () => {
    await sandbox.control("faults", { provider: "x", match: "/x/2/tweets", kind: "status", status: 503, times: 3 });
    const event = await published("Outage Gala");
    const d = await deliveryOf(event.id, "event.published");
    const failed = await waitFor(async () => {
      const [row] = await postRows(event.id);
      return row?.status === "failed" ? row : undefined;
    }, { what: "the failed post", timeoutMs: 20_000 });
    expect(failed.error).toContain("503");
    expect((await t.db.selectFrom("events").select("status").where("id", "=", event.id).executeTakeFirstOrThrow()).status).toBe("published");
    // The delivery's own retry (graphile-worker's backoff) posts it once X answers again.
    await waitFor(async () => ((await postRows(event.id))[0]?.status === "posted" ? true : undefined), { what: "the post after the outage", timeoutMs: 30_000 });
    expect(await postsAbout("Outage Gala")).toHaveLength(1);
    expect((await t.db.selectFrom("subscriber_deliveries").select("status").where("id", "=", d.id).executeTakeFirstOrThrow()).status).toBe("succeeded");
  });

  it("takes X's duplicate refusal after a lost answer as posted, without a second post", async () => {
    const event = await published("Lost Answer Party");
    await waitFor(async () => ((await postRows(event.id))[0]?.status === "posted" ? true : undefined), { what: "the announcement" });
    // As if X's answer had never arrived: the claim is still open.
    await t.db.updateTable("social_posts").set({ status: "posting", external_id: null, url: null }).where("event_id", "=", event.id).execute();
    expect(await deliverAgain(event.id, "event.published")).toBe("delivered");
    const [row] = await postRows(event.id);
    expect(row!.status).toBe("duplicate");
    expect(await postsAbout("Lost Answer Party")).toHaveLength(1);
    const row2 = (await findConnection(t.db, t.orgId, "x"))!;
    expect(row2.status).toBe("connected");
  });

  it("says nothing of an event cancelled while its announcement waited for X to come back", async () => {
    await templates();
    await xDown();
    const event = await published("Short Lived Social");
    const announcement = await deliveryOf(event.id, "event.published");
    await waitFor(async () => ((await postRows(event.id))[0]?.status === "failed" ? true : undefined), { what: "the failed announcement", timeoutMs: 20_000 });
    await cancelEvent(t.db, t.orgId, event.id);
    // Nothing was told yet, so there is nothing to call off.
    expect((await settled((await deliveryOf(event.id, "event.cancelled")).id)).status).toBe("skipped");
    await xBack();
    // The announcement's own retry runs after the cancellation and finds the event cancelled.
    const retried = await waitFor(async () => {
      const d = await t.db.selectFrom("subscriber_deliveries").selectAll().where("id", "=", announcement.id).executeTakeFirstOrThrow();
      return d.status === "succeeded" || d.status === "skipped" ? d : undefined;
    }, { what: "the announcement retried", timeoutMs: 45_000 });
    expect(retried.status).toBe("skipped");
    expect(await postsAbout("Short Lived Social")).toHaveLength(0);
  });

  it("tells the new time in an announcement that waited for X while the event moved, and no move", async () => {
    await templates();
    await xDown();
    const event = await published("Late Herald");
    const announcement = await deliveryOf(event.id, "event.published");
    await waitFor(async () => ((await postRows(event.id))[0]?.status === "failed" ? true : undefined), { what: "the failed announcement", timeoutMs: 20_000 });
    await updateEvent(t.db, t.orgId, event.id, { ...eventFields, title: "Late Herald", startsAt: "2030-06-08T10:00", endsAt: "2030-06-08T12:00", version: await versionOf(event.id) });
    expect((await settled((await deliveryOf(event.id, "event.updated")).id)).status).toBe("skipped");
    await xBack();
    await waitFor(async () => ((await t.db.selectFrom("subscriber_deliveries").select("status").where("id", "=", announcement.id).executeTakeFirstOrThrow()).status === "succeeded" ? true : undefined), {
      what: "the announcement retried",
      timeoutMs: 45_000,
    });
    const told = await postsAbout("Late Herald");
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toBe(`Late Herald, Sat, 8 Jun 2030, 10:00 CEST at Hall 1. Details and tickets: ${appUrl()}/e/${event.slug}`);
    const rows = await postRows(event.id);
    expect(rows.map((r) => `${r.kind}:${r.status}`)).toEqual(["published:posted"]);
    // What was told is the new time, so a later edit that keeps it is no move.
    expect(rows[0]!.starts_at.toISOString()).toBe("2030-06-08T08:00:00.000Z");
  });

  it("holds a cancellation while the announcement is still being posted, then posts it", async () => {
    await templates();
    const event = await published("Photo Finish");
    await waitFor(async () => ((await postRows(event.id))[0]?.status === "posted" ? true : undefined), { what: "the announcement" });
    // As if X had not answered yet.
    await t.db.updateTable("social_posts").set({ status: "posting", updated_at: new Date() }).where("event_id", "=", event.id).execute();
    await cancelEvent(t.db, t.orgId, event.id);
    const cancel = await deliveryOf(event.id, "event.cancelled");
    const held = await settled(cancel.id);
    expect(held.status).toBe("retrying");
    expect(held.last_error).toContain("still being posted");
    expect((await postsAbout("Photo Finish")).filter((p) => p.text.startsWith("Cancelled:"))).toHaveLength(0);
    // X answers the announcement; the cancellation's retry now finds it told.
    await t.db.updateTable("social_posts").set({ status: "posted" }).where("event_id", "=", event.id).execute();
    await waitFor(async () => ((await settled(cancel.id)).status === "succeeded" ? true : undefined), { what: "the cancellation delivered", timeoutMs: 30_000 });
    expect((await postsAbout("Photo Finish")).filter((p) => p.text.startsWith("Cancelled:"))).toHaveLength(1);
  });

  it("fills the template again after X refused a post for sure, so a fixed template takes effect on retry", async () => {
    await templates("First try: {title} {url}");
    await sandbox.control("faults", { provider: "x", match: "/x/2/tweets", kind: "status", status: 400, times: 1 });
    const event = await published("Second Draft");
    const d = await deliveryOf(event.id, "event.published");
    expect((await settled(d.id)).status).toBe("dead");
    expect((await postRows(event.id))[0]).toMatchObject({ status: "refused", text: `First try: Second Draft ${appUrl()}/e/${event.slug}` });
    await templates("Now better: {title} {url}");
    await retryDelivery(t.db, t.orgId, d.id, 3);
    const post = await waitFor(async () => (await postsAbout("Second Draft"))[0], { what: "the post after the fix", timeoutMs: 20_000 });
    expect(post.text).toBe(`Now better: Second Draft ${appUrl()}/e/${event.slug}`);
    expect((await postRows(event.id))[0]).toMatchObject({ status: "posted", text: post.text });
  });

  it("stops at a revoked grant: the delivery waits for a person and the connection needs attention", async () => {
    await sandbox.control("revoke", { provider: "x" });
    const event = await published("Revoked Rave");
    const d = await deliveryOf(event.id, "event.published");
    const dead = await waitFor(async () => {
      const r = await t.db.selectFrom("subscriber_deliveries").selectAll().where("id", "=", d.id).executeTakeFirstOrThrow();
      return r.status === "dead" ? r : undefined;
    }, { what: "the dead delivery", timeoutMs: 20_000 });
    expect(dead.last_error).toContain("reconnect X");
    expect((await findConnection(t.db, t.orgId, "x"))!.status).toBe("needs_attention");
    expect((await postRows(event.id))[0]).toMatchObject({ status: "refused" });
    expect(await postsAbout("Revoked Rave")).toHaveLength(0);
  });
});

// Posting about events to X against the sandbox: OAuth 2.0 with PKCE; the
// announcement on publish, a note when the event moves or is cancelled, each once
// however often the delivery runs; the admin's template; and the failures: a 429
// with X's rate-limit headers, X down while the event is published (publishing
// is never held up, the post follows), a retry after a lost answer meeting X's
// duplicate refusal, and a revoked grant that needs a person.
import { describe, expect, it } from "vitest";
import { cancelEvent, createEvent, publishEvent, updateEvent } from "@/lib/domain/events/service";
import { ValidationError } from "@/lib/domain/errors";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectorContext } from "@/lib/integrations/connections/context";
import { loadConnector } from "@/lib/integrations/registry";
import { socialPostSubscribers } from "@/lib/social-posting/subscriber";
import { saveConnectorPostTemplates } from "@/lib/social-posting/view";
import { DEFAULT_POST_TEMPLATES } from "@/lib/social-posting/templates";
import { loadDomainEvent } from "@/lib/jobs/tasks";
import { appUrl } from "@/lib/config";
import { consent } from "../helpers/consent";
import { eventFields } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();

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
    expect([...post.text.replace(/https?:\/\/\S+/g, "x".repeat(23))].length).toBeLessThanOrEqual(280);
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
    expect((await postRows(event.id))[0]).toMatchObject({ status: "failed" });
    expect(await postsAbout("Revoked Rave")).toHaveLength(0);
  });
});

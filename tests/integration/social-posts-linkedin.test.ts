// Posting about events to LinkedIn against the sandbox: 3-legged OAuth with the
// member's and the pages' scopes; the "Post as" choices read from LinkedIn (only
// pages the member administers); posts as the member and as a page through the
// Posts API with its version headers and an article card; a retry after a lost
// answer adopting the post LinkedIn's duplicate refusal names; a 429; and a page
// the member does not administer, refused with a reason a person can act on.
import { describe, expect, it } from "vitest";
import { createEvent, publishEvent } from "@/lib/domain/events/service";
import { appKeyring } from "@/lib/vault/app-keyring";
import { appUrl } from "@/lib/config";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { updateSettings } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectorContext } from "@/lib/integrations/connections/context";
import { loadConnector } from "@/lib/integrations/registry";
import { socialPostSubscribers } from "@/lib/social-posting/subscriber";
import { loadDomainEvent } from "@/lib/jobs/tasks";
import { consent } from "../helpers/consent";
import { eventFields } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();

interface SandboxPost {
  urn: string;
  author: string;
  authorName: string;
  text: string;
  article: { source: string; title?: string } | null;
  deleted: boolean;
}

const MEMBER = "urn:li:person:sbxLiMember01";
const PAGE = "urn:li:organization:90000001";
const linkedin = async () => (await loadConnector("linkedin"))!;
const postsAbout = async (title: string): Promise<SandboxPost[]> => ((await sandbox.inbox()).linkedin.posts as SandboxPost[]).filter((p) => p.text.includes(title) && !p.deleted);

async function context() {
  return connectorContext(t.db, appKeyring(), await linkedin(), (await findConnection(t.db, t.orgId, "linkedin"))!);
}

async function published(title: string) {
  const event = await createEvent(t.db, t.orgId, { ...eventFields, title, description: "Bring (friends) & colleagues" });
  return publishEvent(t.db, t.orgId, event.id);
}

async function rowsOf(eventId: string) {
  return t.db.selectFrom("social_posts").selectAll().where("event_id", "=", eventId).execute();
}

async function posted(eventId: string) {
  return waitFor(async () => {
    const [row] = await rowsOf(eventId);
    return row && row.status !== "posting" && row.status !== "failed" ? row : undefined;
  }, { what: "the post recorded", timeoutMs: 20_000 });
}

describe("LinkedIn", () => {
  it("connects with OAuth, linked to the member, and lists only the pages the member administers", async () => {
    const connector = await linkedin();
    const url = new URL(await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector, mode: "sandbox" }));
    expect(url.pathname).toBe("/linkedin/oauth/v2/authorization");
    expect(url.searchParams.get("scope")).toBe("openid profile w_member_social w_organization_social r_organization_admin");
    const back = await consent(url.toString());
    const result = await completeAuthorization(t.db, appKeyring(), { connector, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null });
    expect(result).toMatchObject({ ok: true, account: { id: "sbxLiMember01", name: "Sandbox Member" } });
    const ctx = await context();
    expect(await connector.fieldOptions!.author!(ctx)).toEqual([{ value: PAGE, label: "Sandbox Events Co" }]);
    expect((await connector.testConnection(ctx)).detail).toBe("Connected as Sandbox Member; events are posted as yourself.");
  });

  it("refuses a grant without the page scopes, naming what is missing", async () => {
    const connector = await linkedin();
    const url = await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector, mode: "sandbox" });
    const back = await consent(url, { decision: "allow", dropScopes: ["w_organization_social"] });
    const result = await completeAuthorization(t.db, appKeyring(), { connector, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null });
    expect(result).toMatchObject({ ok: false, reason: "missing_scope" });
    expect(!result.ok && result.message).toContain("w_organization_social");
  });

  it("posts a published event as the member, its link as an article card, reserved characters intact", async () => {
    const event = await published("Data (and) Drinks");
    const [post] = await waitFor(async () => {
      const found = await postsAbout("Data (and) Drinks");
      return found.length ? found : undefined;
    }, { what: "the post on LinkedIn", timeoutMs: 20_000 });
    expect(post!.author).toBe(MEMBER);
    expect(post!.text).toBe(`Data (and) Drinks, Sat, 1 Jun 2030, 09:00 CEST at Hall 1. Details and tickets: ${appUrl()}/e/${event.slug}`);
    expect(post!.article).toEqual({ source: `${appUrl()}/e/${event.slug}`, title: "Data (and) Drinks" });
    const row = await posted(event.id);
    expect(row).toMatchObject({ status: "posted", external_id: post!.urn });
    expect(row.url).toContain(`/linkedin/feed/update/${post!.urn}/`);
  });

  it("posts as the chosen page, and says so when tested", async () => {
    await updateSettings(t.db, t.orgId, "linkedin", { author: PAGE }, appKeyring());
    expect((await (await linkedin()).testConnection(await context())).detail).toContain("as the page Sandbox Events Co");
    const event = await published("Page Party");
    const post = await waitFor(async () => (await postsAbout("Page Party"))[0], { what: "the page's post", timeoutMs: 20_000 });
    expect(post).toMatchObject({ author: PAGE, authorName: "Sandbox Events Co" });
    await posted(event.id);
  });

  it("adopts the post LinkedIn's duplicate refusal names when a retry follows a lost answer", async () => {
    const event = await published("Echo Evening");
    const first = await posted(event.id);
    await t.db.updateTable("social_posts").set({ status: "posting", external_id: null, url: null }).where("id", "=", first.id).execute();
    const fact = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", event.id).where("type", "=", "event.published").executeTakeFirstOrThrow();
    const connection = (await findConnection(t.db, t.orgId, "linkedin"))!;
    const subscriber = (await socialPostSubscribers.resolve(`social-post:${connection.id}`, t.db))!;
    expect(await subscriber.handle((await loadDomainEvent(t.db, fact.id))!, { db: t.db, attempt: 2 })).toBe("delivered");
    const [row] = await rowsOf(event.id);
    expect(row).toMatchObject({ status: "duplicate", external_id: first.external_id });
    expect(await postsAbout("Echo Evening")).toHaveLength(1);
  });

  it("posts once after a 429 without Retry-After", async () => {
    await sandbox.control("faults", { provider: "linkedin", match: "/linkedin/rest/posts", kind: "rate_limit", times: 1 });
    const event = await published("Throttled Thursday");
    await posted(event.id);
    expect(await postsAbout("Throttled Thursday")).toHaveLength(1);
    const creates = (await sandbox.requests("linkedin")).filter((r: { path: string; method: string }) => r.method === "POST" && r.path.endsWith("/rest/posts"));
    expect(creates.map((r: { status: number }) => r.status)).toContain(429);
  });

  it("refuses a page the member does not administer with a reason to act on, and publishing goes on", async () => {
    await updateSettings(t.db, t.orgId, "linkedin", { author: "urn:li:organization:90000002" }, appKeyring());
    const event = await published("Not Our Page");
    expect(event.status).toBe("published");
    const row = await waitFor(async () => {
      const [r] = await rowsOf(event.id);
      return r?.status === "refused" ? r : undefined;
    }, { what: "the refused post", timeoutMs: 20_000 });
    expect(row.error).toContain("Post as");
    expect(await postsAbout("Not Our Page")).toHaveLength(0);
  });
});

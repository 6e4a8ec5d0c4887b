// GitHub end to end against the sandbox: the App installed through GitHub's
// install page and its installation token minted once and reused; a hackathon's
// repository made once from the template however often publication is delivered;
// participants invited and removed; GitHub's signed webhooks at
// /api/webhooks/github through our real route (forged and unsigned refused and not
// stored, an uninstalled App marking the connection, a joiner and pushes
// recorded); the archive after the event; the github-username check; and a
// personal access token as the other way in; and a repository per team instead of
// one per event.
import { createHmac, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { addTicketType, createEvent, publishEvent, updateEvent } from "@/lib/domain/events/service";
import { ValidationError } from "@/lib/domain/errors";
import { addQuestion } from "@/lib/domain/questions/service";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { questionEnv } from "@/lib/answer-checks/check";
import { connectorQuestionKinds } from "@/lib/integrations/question-kinds";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import type { AttendeeSnapshot, EventSnapshot } from "@/lib/domain/outbox/catalog";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { connectWithApiKey, updateSettings } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectorContext } from "@/lib/integrations/connections/context";
import { loadConnector } from "@/lib/integrations/registry";
import { findExternal } from "@/lib/integrations/external-objects";
import { connectionEventViews } from "@/lib/integrations/event-views";
import { useWebhookRoute } from "../helpers/webhook-route";
import { consent } from "../helpers/consent";
import { eventFields, makeOrg, makeUser } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
const app = useWebhookRoute(t);
const ORG = "sandbox-hackers";
// The sandbox App's webhook secret: public, it only opens the emulator.
const SANDBOX_SECRET = "sandbox-github-webhook-secret-0000";

interface SandboxRepo {
  fullName: string;
  fromTemplate: string | null;
  archived: boolean;
  files: string[];
  readme: string | null;
  collaborators: Array<{ login: string; permission: string }>;
  invitations: Array<{ id: number; login: string; permission: string }>;
  pushes: number;
}

const github = async () => (await loadConnector("github"))!;
const webhookUrl = () => `${app.url}/api/webhooks/github`;

async function ghContext(orgId = t.orgId) {
  const row = (await findConnection(t.db, orgId, "github"))!;
  return connectorContext(t.db, appKeyring(), await github(), row);
}

async function repos(): Promise<SandboxRepo[]> {
  return (await sandbox.inbox()).github.repositories;
}

async function storedCount() {
  const r = await t.db.selectFrom("webhook_events").select((eb) => eb.fn.countAll<string>().as("n")).where("provider", "=", "github").executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Goes through the sandbox's install page as an admin of `who`; GitHub's answer is returned to the callback as `answer` shapes it. */
async function installAs(who: { orgId: string; userId: string }, answer: (back: URL) => URL = (back) => back) {
  const connector = await github();
  const url = new URL(await startAuthorization(t.db, appKeyring(), { ...who, connector, mode: "sandbox" }));
  expect(url.pathname).toBe("/github/apps/switchboard-sandbox/installations/new");
  const back = answer(await consent(url.toString()));
  const q = back.searchParams;
  return completeAuthorization(t.db, appKeyring(), { connector, ...who, state: q.get("state"), code: q.get("code"), error: null, query: Object.fromEntries(q) });
}

async function installApp() {
  return installAs({ orgId: t.orgId, userId: owner.userId }, (back) => {
    expect(back.searchParams.get("setup_action")).toBe("install");
    expect(back.searchParams.get("code")).toBeTruthy();
    return back;
  });
}

async function freshAdmin(name: string) {
  const org = await makeOrg(t.db, name);
  const admin = await makeUser(t.db, org.id, "owner");
  return { orgId: org.id, userId: admin.id };
}

const withParam = (back: URL, name: string, value: string | null) => {
  const url = new URL(back);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  return url;
};

async function hackathon(title: string) {
  const event = await createEvent(t.db, t.orgId, { ...eventFields, title, hackathon: "on" });
  const published = await publishEvent(t.db, t.orgId, event.id);
  const repo = await waitFor(async () => (await repos()).find((r) => r.fullName === `${ORG}/${published.slug}` && r.files.includes(".github/ISSUE_TEMPLATE/help-wanted.md")), { what: `the repository of ${title}`, timeoutMs: 30_000 });
  return { event: published, repo };
}

function attendee(username: string | null): AttendeeSnapshot {
  return {
    id: randomUUID(),
    name: "Ada",
    email: "ada@example.test",
    phone: null,
    ticketTypeId: randomUUID(),
    ticketTypeName: "General",
    status: "paid",
    checkedInAt: null,
    answers: username === null ? [] : [{ questionId: randomUUID(), question: "Your GitHub username", kind: "github-username", value: username }],
  };
}

function orderFact(type: "registration.created" | "registration.cancelled", event: EventSnapshot, attendees: AttendeeSnapshot[]) {
  return {
    id: randomUUID(),
    orgId: t.orgId,
    type,
    version: 1,
    occurredAt: new Date(),
    payload: { event, order: { id: randomUUID(), status: "paid", buyerName: "Ada", buyerEmail: "ada@example.test", totalMinor: 0, currency: "EUR" }, attendees },
  } as never;
}

async function snapshotOf(eventId: string) {
  return eventSnapshot(await t.db.selectFrom("events").selectAll().where("id", "=", eventId).executeTakeFirstOrThrow());
}

function signed(body: string, opts: { secret?: string | null; event?: string; delivery?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", "x-github-event": opts.event ?? "push", "x-github-delivery": opts.delivery ?? randomUUID() };
  if (opts.secret !== null) headers["x-hub-signature-256"] = "sha256=" + createHmac("sha256", opts.secret ?? SANDBOX_SECRET).update(body).digest("hex");
  return fetch(webhookUrl(), { method: "POST", headers, body });
}

describe("GitHub App", () => {
  it("connects by the App's install page, linked to the installation, and proves it", async () => {
    const result = await installApp();
    expect(result).toMatchObject({ ok: true, account: { name: ORG } });
    const row = (await findConnection(t.db, t.orgId, "github"))!;
    expect(row.status).toBe("connected");
    const installation = (await sandbox.inbox()).github.installations[0];
    expect(row.external_account_id).toBe(String(installation.id));
    const tested = await (await github()).testConnection(await ghContext());
    expect(tested.detail).toContain("GitHub App installed on Sandbox Hackers (sandbox-hackers)");
  });

  it("mints the installation token once and reuses it for later calls", async () => {
    expect((await sandbox.inbox()).github.tokensMinted).toBe(1);
    await (await github()).testConnection(await ghContext());
    await (await github()).fieldOptions!.templateRepository!(await ghContext());
    expect((await sandbox.inbox()).github.tokensMinted).toBe(1);
  });

  it("offers the organization's template repositories as choices", async () => {
    const choices = await (await github()).fieldOptions!.templateRepository!(await ghContext());
    expect(choices).toEqual([{ value: `${ORG}/hackathon-template`, label: `${ORG}/hackathon-template` }]);
    await updateSettings(t.db, t.orgId, "github", { templateRepository: `${ORG}/hackathon-template`, permission: "push", access: "collaborators", archiveAfterDays: 7 });
  });
});

describe("A hackathon's repository", () => {
  it("is made from the template on publish, with a README from the event and issue templates", async () => {
    const { event, repo } = await hackathon("Hack the Alps");
    expect(repo.fromTemplate).toBe(`${ORG}/hackathon-template`);
    expect(repo.files).toEqual(expect.arrayContaining(["CONTRIBUTING.md", "README.md", ".github/ISSUE_TEMPLATE/project-idea.md"]));
    expect(repo.readme).toContain("# Hack the Alps");
    expect(repo.readme).toContain(`/e/${event.slug}`);
    const ref = await findExternal(t.db, (await findConnection(t.db, t.orgId, "github"))!.id, "github.repository", event.id);
    expect(ref?.externalId).toBe(`${ORG}/${event.slug}`);
  });

  it("is not made for an event that is not a hackathon", async () => {
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Plain Meetup" });
    const published = await publishEvent(t.db, t.orgId, event.id);
    const fact = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", event.id).where("type", "=", "event.published").executeTakeFirstOrThrow();
    await waitFor(async () => {
      const d = await t.db.selectFrom("subscriber_deliveries").select("status").where("domain_event_id", "=", fact.id).where("subscriber", "like", "connection:%").executeTakeFirst();
      return d?.status === "succeeded" ? d : undefined;
    }, { what: "the delivery", timeoutMs: 20_000 });
    expect((await repos()).filter((r) => r.fullName.endsWith(published.slug))).toHaveLength(0);
  });

  it("is made once when publication is delivered twice, even after a lost answer", async () => {
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Twice Hack", hackathon: "on" });
    const row = await t.db.updateTable("events").set({ status: "published" }).where("id", "=", event.id).returningAll().executeTakeFirstOrThrow();
    const fact = { id: randomUUID(), type: "event.published", payload: { event: eventSnapshot(row) } } as never;
    const real = await ghContext();
    // GitHub makes the repository, the answer never arrives, and the policy tries again.
    const lossy = {
      ...real,
      call: async <T,>(operation: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> => {
        if (operation !== "repos.createUsingTemplate") return real.call(operation, fn);
        await real.call(operation, fn);
        return real.call(operation, fn);
      },
    };
    await (await github()).handlers["event.published"]!(fact, lossy as never);
    // The job runs again (the same fact), and once more.
    await (await github()).handlers["event.published"]!(fact, real as never);
    await (await github()).handlers["event.published"]!(fact, real as never);
    expect((await repos()).filter((r) => r.fullName === `${ORG}/${row.slug}`)).toHaveLength(1);
    const ref = await findExternal(t.db, real.connection.id, "github.repository", event.id);
    expect(ref?.externalId).toBe(`${ORG}/${row.slug}`);
  });
});

describe("A hackathon marked after publication", () => {
  it("gets its repository on the save that marks it", async () => {
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Late Hack" });
    const published = await publishEvent(t.db, t.orgId, event.id);
    const current = await t.db.selectFrom("events").select("version").where("id", "=", event.id).executeTakeFirstOrThrow();
    await updateEvent(t.db, t.orgId, event.id, { ...eventFields, title: "Late Hack", hackathon: "on", version: current.version });
    await waitFor(async () => (await repos()).find((r) => r.fullName === `${ORG}/${published.slug}` && r.files.includes("README.md")), { what: "the late repository", timeoutMs: 30_000 });
  });
});

describe("Participants", () => {
  it("invites each registrant with a GitHub username once, with the chosen permission, and removes them on cancellation", async () => {
    const { event } = await hackathon("Invite Jam");
    const snapshot = await snapshotOf(event.id);
    const ada = attendee("octocat");
    const noUsername = attendee(null);
    const ctx = await ghContext();
    const created = orderFact("registration.created", snapshot, [ada, noUsername]);
    await (await github()).handlers["registration.created"]!(created, ctx as never);
    // A retried job: still one invitation.
    await (await github()).handlers["registration.created"]!(created, ctx as never);
    let repo = (await repos()).find((r) => r.fullName === `${ORG}/${event.slug}`)!;
    expect(repo.invitations).toEqual([expect.objectContaining({ login: "octocat", permission: "push" })]);
    const ref = await findExternal(t.db, ctx.connection.id, "github.participant", ada.id);
    expect(ref?.data).toMatchObject({ state: "invited", username: "octocat" });

    await (await github()).handlers["registration.cancelled"]!(orderFact("registration.cancelled", snapshot, [ada]), ctx as never);
    repo = (await repos()).find((r) => r.fullName === `${ORG}/${event.slug}`)!;
    expect(repo.invitations).toEqual([]);
    expect(repo.collaborators).toEqual([]);
    expect((await findExternal(t.db, ctx.connection.id, "github.participant", ada.id))?.data).toMatchObject({ state: "removed" });
  });

  it("removes a collaborator who had accepted, and shows the acceptance from GitHub's member webhook", async () => {
    const { event } = await hackathon("Member Sprint");
    const snapshot = await snapshotOf(event.id);
    const mona = attendee("monalisa");
    const ctx = await ghContext();
    await (await github()).handlers["registration.created"]!(orderFact("registration.created", snapshot, [mona]), ctx as never);
    const accepted = await sandbox.control("github/invitations/accept", { repository: `${ORG}/${event.slug}`, login: "monalisa" });
    expect(accepted.webhook.status).toBe(200);
    await waitFor(async () => ((await findExternal(t.db, ctx.connection.id, "github.participant", mona.id))?.data as { state?: string } | undefined)?.state === "member", { what: "the joined state", timeoutMs: 20_000 });
    const views = await connectionEventViews(t.db, t.orgId, event.id, [mona.id]);
    expect(views.attendees.get(mona.id)).toEqual(["GitHub: joined as monalisa"]);
    expect(views.panels[0]!.rows).toContainEqual({ label: "Participants joined", value: "1" });
    await (await github()).handlers["registration.cancelled"]!(orderFact("registration.cancelled", snapshot, [mona]), ctx as never);
    const repo = (await repos()).find((r) => r.fullName === `${ORG}/${event.slug}`)!;
    expect(repo.collaborators).toEqual([]);
  });

  it("adds registrants to a team per event when the admin prefers teams", async () => {
    await updateSettings(t.db, t.orgId, "github", { templateRepository: `${ORG}/hackathon-template`, permission: "triage", access: "team", archiveAfterDays: 7 });
    try {
      const { event } = await hackathon("Team Hack");
      const hubot = attendee("hubot");
      await (await github()).handlers["registration.created"]!(orderFact("registration.created", await snapshotOf(event.id), [hubot]), (await ghContext()) as never);
      const team = (await sandbox.inbox()).github.teams.find((x: { slug: string }) => x.slug === event.slug);
      expect(team.members).toEqual([expect.objectContaining({ login: "hubot" })]);
      expect(team.repos).toEqual({ [`${ORG}/${event.slug}`]: "triage" });
      await (await github()).handlers["registration.cancelled"]!(orderFact("registration.cancelled", await snapshotOf(event.id), [hubot]), (await ghContext()) as never);
      expect((await sandbox.inbox()).github.teams.find((x: { slug: string }) => x.slug === event.slug).members).toEqual([]);
    } finally {
      await updateSettings(t.db, t.orgId, "github", { templateRepository: `${ORG}/hackathon-template`, permission: "push", access: "collaborators", archiveAfterDays: 7 });
    }
  });
});

describe("The github-username question", () => {
  it("accepts an existing account in GitHub's spelling and refuses one that does not exist", async () => {
    const check = (await github()).answerChecks!["github-username"]!;
    const ctx = await ghContext();
    expect(await check(ctx, "OctoCat", AbortSignal.timeout(5000))).toEqual({ ok: true, canonical: "octocat" });
    const missing = await check(ctx, "no-such-person-here", AbortSignal.timeout(5000));
    expect(missing).toEqual({ ok: false, message: expect.stringContaining("No GitHub account is called “no-such-person-here”") });
    // A missing user is the attendee's error, not the connection's.
    expect((await findConnection(t.db, t.orgId, "github"))!.status).toBe("connected");
  });

  it("is checked at GitHub when someone registers: a field error for no such account, and the invitation in GitHub's spelling", async () => {
    const { event } = await hackathon("Form Hack");
    const ticketType = await addTicketType(t.db, t.orgId, event.id, { name: "Hacker", price: "0", currency: "EUR", quantity: 20 });
    const question = await addQuestion(t.db, t.orgId, event.id, { label: "Your GitHub username", kind: "github-username", required: "on" }, connectorQuestionKinds());
    const form = (username: string) => ({ name: "Grace", email: "grace@example.test", ticketTypeId: ticketType.id, quantity: 1, answers: { [question.id]: username } });

    const refused = await registerFree(t.db, event.slug, form("no-such-person-here"), questionEnv(t.db)).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors[`answers.${question.id}`]).toEqual([expect.stringContaining("No GitHub account is called")]);
    // Format is checked before GitHub is asked.
    const malformed = await registerFree(t.db, event.slug, form("-not valid-"), questionEnv(t.db)).then(() => undefined, (e: unknown) => e);
    expect(Object.keys((malformed as ValidationError).fieldErrors)).toEqual([`answers.${question.id}`]);

    const { attendees } = await registerFree(t.db, event.slug, form("OctoCat"), questionEnv(t.db));
    const stored = await t.db.selectFrom("attendees").select("answers").where("id", "=", attendees[0]!.id).executeTakeFirstOrThrow();
    expect(stored.answers).toEqual([expect.objectContaining({ questionId: question.id, kind: "github-username", value: "octocat" })]);
    // The worker delivers registration.created to GitHub, which invites the canonical login.
    const repo = await waitFor(async () => (await repos()).find((r) => r.fullName === `${ORG}/${event.slug}` && r.invitations.length > 0), { what: "the invitation", timeoutMs: 30_000 });
    expect(repo.invitations).toEqual([expect.objectContaining({ login: "octocat", permission: "push" })]);
  });
});

describe("Archiving", () => {
  it("archives repositories of hackathons that ended more than the set days ago, once", async () => {
    const { event } = await hackathon("Old Hack");
    const ctx = await ghContext();
    const run = (await github()).periodic!.run;
    // The event ends 2030-06-01 15:00Z; 7 days later it is due.
    const { archiveEnded } = await import("@/lib/integrations/github/repositories");
    expect(await archiveEnded(ctx as never, Date.parse("2030-06-05T00:00:00Z"))).toBe("No repository is due for archiving");
    const outcome = await archiveEnded(ctx as never, Date.parse("2030-06-09T00:00:00Z"));
    expect(outcome).toContain(`${ORG}/${event.slug}`);
    expect((await repos()).find((r) => r.fullName === `${ORG}/${event.slug}`)!.archived).toBe(true);
    // The periodic run (now, long before 2030) archives nothing, and nothing is archived twice.
    expect(await run(ctx)).toBe("No repository is due for archiving");
    expect(await archiveEnded(ctx as never, Date.parse("2030-07-01T00:00:00Z"))).not.toContain(`${ORG}/${event.slug}`);
  });
});

describe("GitHub's webhooks at /api/webhooks/github", () => {
  it("refuses forged and unsigned deliveries with 400 and stores nothing", async () => {
    const installationId = Number((await findConnection(t.db, t.orgId, "github"))!.external_account_id);
    const body = JSON.stringify({ ref: "refs/heads/main", commits: [{}], repository: { full_name: `${ORG}/x` }, installation: { id: installationId } });
    const before = await storedCount();
    expect((await signed(body, { secret: "not-the-secret" })).status).toBe(400);
    expect((await signed(body, { secret: null })).status).toBe(400);
    expect(await storedCount()).toBe(before);
  });

  it("counts pushes per repository, once per delivery", async () => {
    const { event } = await hackathon("Push Party");
    const first = await sandbox.control("github/push", { repository: `${ORG}/${event.slug}`, commits: 3, login: "octocat" });
    expect(first.webhook.status).toBe(200);
    const ctx = await ghContext();
    await waitFor(async () => ((await findExternal(t.db, ctx.connection.id, "github.repository", event.id))?.data as { pushes?: number }).pushes === 3, { what: "3 commits counted", timeoutMs: 20_000 });
    // GitHub redelivers with the same delivery id: counted once.
    const installationId = Number(ctx.connection.externalAccountId);
    const delivery = randomUUID();
    const body = JSON.stringify({ ref: "refs/heads/main", commits: [{}, {}], repository: { full_name: `${ORG}/${event.slug}` }, installation: { id: installationId } });
    expect((await signed(body, { delivery })).status).toBe(200);
    expect((await signed(body, { delivery })).status).toBe(200);
    await waitFor(async () => ((await findExternal(t.db, ctx.connection.id, "github.repository", event.id))?.data as { pushes?: number }).pushes === 5, { what: "5 commits counted", timeoutMs: 20_000 });
    const stored = await t.db.selectFrom("webhook_events").select("id").where("provider", "=", "github").where("external_id", "=", delivery).execute();
    expect(stored).toHaveLength(1);
    const { panels } = await connectionEventViews(t.db, t.orgId, event.id, []);
    expect(panels).toEqual([expect.objectContaining({ connectorId: "github", link: expect.objectContaining({ label: `${ORG}/${event.slug}` }) })]);
    expect(panels[0]!.rows).toContainEqual({ label: "Commits pushed", value: "5" });
  });

  it("marks the connection as needing attention when the App is uninstalled", async () => {
    const deleted = await sandbox.control("github/installations/delete", {});
    expect(deleted.webhook.status).toBe(200);
    const row = await waitFor(async () => {
      const r = (await findConnection(t.db, t.orgId, "github"))!;
      return r.status === "needs_attention" ? r : undefined;
    }, { what: "the connection to need attention", timeoutMs: 20_000 });
    expect(row.status_reason).toContain("uninstalled");
  });
});

describe("A personal access token", () => {
  it("connects an organization without the App, and refuses a malformed token on its field", async () => {
    const other = await makeOrg(t.db, "Token Org");
    const admin = await makeUser(t.db, other.id, "owner");
    await expect(connectWithApiKey(t.db, appKeyring(), { orgId: other.id, userId: admin.id, connectorId: "github", mode: "sandbox", fields: { token: "not-a-token", organization: ORG } })).rejects.toMatchObject({
      fieldErrors: { token: [expect.stringContaining("github_pat_")] },
    });
    // Nothing typed can claim an App installation.
    await expect(connectWithApiKey(t.db, appKeyring(), { orgId: other.id, userId: admin.id, connectorId: "github", mode: "sandbox", fields: { token: "github_pat_11ABCDEFG0123456789_abcdefghij", organization: ORG, connectedVia: "app", installationId: 1 } })).rejects.toThrow();
    const tested = await connectWithApiKey(t.db, appKeyring(), { orgId: other.id, userId: admin.id, connectorId: "github", mode: "sandbox", fields: { token: "github_pat_11ABCDEFG0123456789_abcdefghij", organization: ORG } });
    expect(tested.detail).toContain("Personal access token for Sandbox Hackers");
    const check = (await github()).answerChecks!["github-username"]!;
    expect(await check(await ghContext(other.id), "hubot", AbortSignal.timeout(5000))).toEqual({ ok: true, canonical: "hubot" });
  });
});

describe("Who may link an installation", () => {
  it("refuses an installation the admin cannot administer on GitHub, and links nothing", async () => {
    const elsewhere = await sandbox.control("github/installations", { login: "monalisa", account: "monalisas-lab" });
    const who = await freshAdmin("Borrowing Org");
    const result = await installAs(who, (back) => withParam(back, "installation_id", String(elsewhere.id)));
    expect(result).toMatchObject({ ok: false, reason: "refused", message: `The installation ${elsewhere.id} is not one you can administer on GitHub; install the App from your own GitHub account.` });
    const row = (await findConnection(t.db, who.orgId, "github"))!;
    expect(row.status).not.toBe("connected");
    expect(row.external_account_id).toBeNull();
    const attempt = await t.db.selectFrom("oauth_states").select(["outcome", "outcome_message"]).where("org_id", "=", who.orgId).executeTakeFirstOrThrow();
    expect(attempt).toEqual({ outcome: "refused", outcome_message: expect.stringContaining("install the App from your own GitHub account") });
  });

  it("refuses an answer without a code, saying how the App must be set up", async () => {
    const who = await freshAdmin("Codeless Org");
    const result = await installAs(who, (back) => withParam(back, "code", null));
    expect(result).toMatchObject({ ok: false, reason: "refused", message: expect.stringContaining("Request user authorization (OAuth) during installation") });
    expect((await findConnection(t.db, who.orgId, "github"))!.external_account_id).toBeNull();
  });

  it("accepts a code once: replayed with another attempt it is refused and nothing is linked", async () => {
    // The App was uninstalled above, so this admin installs it afresh and links it.
    let code = "";
    const first = await installAs(await freshAdmin("First Org"), (back) => {
      code = back.searchParams.get("code")!;
      return back;
    });
    expect(first).toMatchObject({ ok: true, account: { name: ORG } });
    const who = await freshAdmin("Replaying Org");
    const replayed = await installAs(who, (back) => withParam(back, "code", code));
    expect(replayed).toMatchObject({ ok: false, reason: "exchange_failed", message: expect.stringContaining("The code passed is incorrect or expired") });
    expect((await findConnection(t.db, who.orgId, "github"))!.external_account_id).toBeNull();
  });
});

describe("A repository per team", () => {
  // The App is linked to another organization's connection above: this organization installs it afresh.
  let who: { orgId: string; userId: string };
  const teamSettings = { templateRepository: `${ORG}/hackathon-template`, permission: "push", access: "collaborators", archiveAfterDays: 7, repositoryPer: "team" };
  const ctxOf = () => ghContext(who.orgId);
  const handle = async (type: "registration.created" | "registration.cancelled", event: EventSnapshot, attendees: AttendeeSnapshot[], id = randomUUID()) =>
    (await github()).handlers[type]!({ ...(orderFact(type, event, attendees) as object), id, orgId: who.orgId } as never, (await ctxOf()) as never);
  const repoNamed = async (fullName: string) => (await repos()).find((r) => r.fullName === fullName);

  function teammate(username: string | null, team: string | null): AttendeeSnapshot {
    const a = attendee(username);
    return team === null ? a : { ...a, answers: [...a.answers!, { questionId: randomUUID(), question: "Your team", kind: "hackathon-team", value: team }] };
  }

  /** A published hackathon of this organization, once its publication was delivered to GitHub. */
  async function teamHackathon(title: string) {
    const event = await createEvent(t.db, who.orgId, { ...eventFields, title, hackathon: "on" });
    const published = await publishEvent(t.db, who.orgId, event.id);
    const fact = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", event.id).where("type", "=", "event.published").executeTakeFirstOrThrow();
    await waitFor(async () => {
      const d = await t.db.selectFrom("subscriber_deliveries").select("status").where("domain_event_id", "=", fact.id).where("subscriber", "like", "connection:%").executeTakeFirst();
      return d?.status === "succeeded" ? d : undefined;
    }, { what: "publication delivered to GitHub", timeoutMs: 20_000 });
    return { event: published, snapshot: await snapshotOf(event.id) };
  }

  it("connects and is set to a repository per team", async () => {
    expect((await sandbox.control("github/installations/delete", {})).webhook.status).toBe(200);
    who = await freshAdmin("Team Repos Org");
    expect(await installAs(who)).toMatchObject({ ok: true, account: { name: ORG } });
    await sandbox.control("github/users", { login: "ada-lovelace" });
    await updateSettings(t.db, who.orgId, "github", teamSettings);
  });

  it("makes no repository on publish, then one per team however its members arrive, each invited to their team's", async () => {
    const { event, snapshot } = await teamHackathon("Team Sprint");
    expect((await repos()).filter((r) => r.fullName.startsWith(`${ORG}/${event.slug}`))).toEqual([]);

    // Two teammates in one order, the team spelled two ways: one repository.
    const octo = teammate("octocat", "Team Rocket");
    const hubot = teammate("hubot", "team rocket");
    const first = randomUUID();
    await handle("registration.created", snapshot, [octo, hubot], first);
    // The same delivery retried: still one repository, one invitation each.
    await handle("registration.created", snapshot, [octo, hubot], first);
    const rocket = (await repoNamed(`${ORG}/${event.slug}-team-rocket`))!;
    expect(rocket.fromTemplate).toBe(`${ORG}/hackathon-template`);
    expect(rocket.readme).toContain("# Team Rocket at Team Sprint");
    expect(rocket.files).toEqual(expect.arrayContaining(["CONTRIBUTING.md", ".github/ISSUE_TEMPLATE/project-idea.md", ".github/ISSUE_TEMPLATE/help-wanted.md"]));
    expect(rocket.invitations.map((i) => i.login).sort()).toEqual(["hubot", "octocat"]);

    // Two teammates of another team registering at the same moment, in two deliveries: one waits for the other's repository.
    const mona = teammate("monalisa", "Blue Squad");
    const ada = teammate("ada-lovelace", "Blue Squad");
    const racing = [{ id: randomUUID(), who: mona }, { id: randomUUID(), who: ada }];
    const outcomes = await Promise.allSettled(racing.map((r) => handle("registration.created", snapshot, [r.who], r.id)));
    for (const [i, o] of outcomes.entries()) {
      if (o.status === "fulfilled") continue;
      expect(String((o.reason as Error).message)).toMatch(/Another delivery is creating/);
      // The queue retries the delivery that waited.
      await handle("registration.created", snapshot, [racing[i]!.who], racing[i]!.id);
    }
    const squads = (await repos()).filter((r) => r.fullName === `${ORG}/${event.slug}-blue-squad`);
    expect(squads).toHaveLength(1);
    expect(squads[0]!.invitations.map((i) => i.login).sort()).toEqual(["ada-lovelace", "monalisa"]);
    expect(squads[0]!.readme).toContain("team **Blue Squad**");
    // Nobody was invited across teams, and still no repository for the event itself.
    expect((await repoNamed(`${ORG}/${event.slug}-team-rocket`))!.invitations).toHaveLength(2);
    expect(await repoNamed(`${ORG}/${event.slug}`)).toBeUndefined();

    const views = await connectionEventViews(t.db, who.orgId, event.id, [octo.id, mona.id]);
    expect(views.attendees.get(octo.id)).toEqual(["GitHub: invited as octocat, team “Team Rocket”"]);
    expect(views.attendees.get(mona.id)).toEqual(["GitHub: invited as monalisa, team “Blue Squad”"]);
  });

  it("does not invite a participant who named no team, and says so on their line", async () => {
    const { event, snapshot } = await teamHackathon("Teamless Hack");
    const loner = teammate("octocat", null);
    await handle("registration.created", snapshot, [loner]);
    expect((await repos()).filter((r) => r.fullName.startsWith(`${ORG}/${event.slug}`))).toEqual([]);
    const views = await connectionEventViews(t.db, who.orgId, event.id, [loner.id]);
    expect(views.attendees.get(loner.id)).toEqual([expect.stringMatching(/^GitHub: no team given/)]);
    expect(views.panels).toEqual([]);
    // Cancelling takes nothing back, since nothing was given.
    await handle("registration.cancelled", snapshot, [loner]);
    expect((await connectionEventViews(t.db, who.orgId, event.id, [loner.id])).attendees.get(loner.id)).toEqual([expect.stringMatching(/^GitHub: no team given/)]);
  });

  it("removes a cancelled participant from their team's repository only", async () => {
    const { event, snapshot } = await teamHackathon("Leaving Hack");
    const octo = teammate("octocat", "Alpha");
    const hubot = teammate("hubot", "Alpha");
    const mona = teammate("monalisa", "Beta");
    await handle("registration.created", snapshot, [octo, hubot, mona]);
    await handle("registration.cancelled", snapshot, [octo]);
    expect((await repoNamed(`${ORG}/${event.slug}-alpha`))!.invitations.map((i) => i.login)).toEqual(["hubot"]);
    expect((await repoNamed(`${ORG}/${event.slug}-beta`))!.invitations.map((i) => i.login)).toEqual(["monalisa"]);
    expect((await findExternal(t.db, (await ctxOf()).connection.id, "github.participant", octo.id))?.data).toMatchObject({ state: "removed", repository: `${ORG}/${event.slug}-alpha` });
  });

  it("with access by team, adds each participant to a GitHub team of their own hackathon team, holding only its repository", async () => {
    await updateSettings(t.db, who.orgId, "github", { ...teamSettings, access: "team", permission: "triage" });
    try {
      const { event, snapshot } = await teamHackathon("Team Access Hack");
      const hubot = teammate("hubot", "Gamma");
      await handle("registration.created", snapshot, [hubot, teammate("octocat", "Delta")]);
      const teams = (await sandbox.inbox()).github.teams as Array<{ slug: string; members: Array<{ login: string }>; repos: Record<string, string> }>;
      const gamma = teams.find((x) => x.slug === `${event.slug}-gamma`)!;
      expect(gamma.members).toEqual([expect.objectContaining({ login: "hubot" })]);
      expect(gamma.repos).toEqual({ [`${ORG}/${event.slug}-gamma`]: "triage" });
      expect(teams.find((x) => x.slug === `${event.slug}-delta`)!.members).toEqual([expect.objectContaining({ login: "octocat" })]);
      await handle("registration.cancelled", snapshot, [hubot]);
      expect(((await sandbox.inbox()).github.teams as typeof teams).find((x) => x.slug === `${event.slug}-gamma`)!.members).toEqual([]);
    } finally {
      await updateSettings(t.db, who.orgId, "github", teamSettings);
    }
  });

  it("counts pushes per team on the event page, and archives every team's repository after the end", async () => {
    const { event, snapshot } = await teamHackathon("Push Teams");
    await handle("registration.created", snapshot, [teammate("octocat", "Red"), teammate("hubot", "Green")]);
    const red = `${ORG}/${event.slug}-red`;
    const green = `${ORG}/${event.slug}-green`;
    expect((await sandbox.control("github/push", { repository: red, commits: 3 })).webhook.status).toBe(200);
    expect((await sandbox.control("github/push", { repository: green, commits: 1 })).webhook.status).toBe(200);
    expect((await sandbox.control("github/push", { repository: red, commits: 2 })).webhook.status).toBe(200);
    const panel = await waitFor(async () => {
      const { panels } = await connectionEventViews(t.db, who.orgId, event.id, []);
      const rows = panels[0]?.rows ?? [];
      const r = rows.find((x) => x.label === `Red (${red})`);
      const g = rows.find((x) => x.label === `Green (${green})`);
      return r?.value.startsWith("5 commits pushed") && g?.value.startsWith("1 commit pushed") ? panels[0] : undefined;
    }, { what: "pushes counted per team", timeoutMs: 20_000 });
    expect(panel).toMatchObject({ connectorId: "github", title: "GitHub repositories per team" });
    expect(panel.rows).toHaveLength(2);

    const ctx = await ctxOf();
    const { archiveEnded } = await import("@/lib/integrations/github/repositories");
    expect(await archiveEnded(ctx as never, Date.parse("2030-06-05T00:00:00Z"))).toBe("No repository is due for archiving");
    const outcome = await archiveEnded(ctx as never, Date.parse("2030-06-09T00:00:00Z"));
    expect(outcome).toContain(red);
    expect(outcome).toContain(green);
    expect((await repoNamed(red))!.archived).toBe(true);
    expect((await repoNamed(green))!.archived).toBe(true);
    expect((await connectionEventViews(t.db, who.orgId, event.id, [])).panels[0]!.rows.every((r) => r.value.endsWith("archived 2030-06-09"))).toBe(true);
    expect(await archiveEnded(ctx as never, Date.parse("2030-07-01T00:00:00Z"))).not.toContain(red);
  });

  it("takes the team from the registration form, where a malformed team name is a field error", async () => {
    const { event } = await teamHackathon("Form Teams");
    const ticketType = await addTicketType(t.db, who.orgId, event.id, { name: "Hacker", price: "0", currency: "EUR", quantity: 20 });
    const username = await addQuestion(t.db, who.orgId, event.id, { label: "Your GitHub username", kind: "github-username", required: "on" }, connectorQuestionKinds());
    const team = await addQuestion(t.db, who.orgId, event.id, { label: "Your team", kind: "hackathon-team", required: "on" }, connectorQuestionKinds());
    const form = (teamName: string) => ({ name: "Grace", email: "grace@example.test", ticketTypeId: ticketType.id, quantity: 1, answers: { [username.id]: "hubot", [team.id]: teamName } });

    const refused = await registerFree(t.db, event.slug, form("Rockets/Inc"), questionEnv(t.db)).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors[`answers.${team.id}`]).toEqual([expect.stringContaining("letters, digits, spaces")]);

    await registerFree(t.db, event.slug, form("  Night Owls "), questionEnv(t.db));
    const repo = await waitFor(async () => (await repos()).find((r) => r.fullName === `${ORG}/${event.slug}-night-owls` && r.invitations.length > 0), { what: "the team's repository with the invitation", timeoutMs: 30_000 });
    expect(repo.invitations).toEqual([expect.objectContaining({ login: "hubot", permission: "push" })]);
  });
});

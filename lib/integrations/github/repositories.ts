// A hackathon's repositories: one per event, made when the event is published, or
// one per team, made when the team's first member is invited; from the template
// repository the admin chose (or empty), with a README and issue templates;
// archived a set time after the event ends. Every step looks before it creates,
// so a retried delivery, even one whose answer was lost, or two teammates invited
// at once, find the repository instead of making a second.
import { createHash } from "node:crypto";
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";
import { claimExternal, findExternal, saveExternal } from "../external-objects";
import { ProviderCallError } from "../contract";
import { octokitFor } from "./app";
import { repositoryFiles, type RepoFile } from "./files";
import type { GithubContext } from "./manifest";

export const REPOSITORY = "github.repository";

export interface RepositoryRef {
  owner: string;
  name: string;
  fullName: string;
  htmlUrl: string;
  /** When the event ends; the archive is due archiveAfterDays later. */
  endsAt: string;
  archivedAt?: string;
  /** Commits pushed, counted from GitHub's push webhooks. */
  pushes?: number;
  /** A team's repository: its event, and the team as its first member wrote it. */
  eventId?: string;
  team?: string;
  /** The README and issue templates are in; later deliveries leave the team's own edits alone. */
  filesWritten?: boolean;
}

/** What to make, under which key of ours. */
interface RepositoryPlan {
  localId: string;
  name: string;
  description: string;
  endsAt: string;
  eventId: string;
  team?: string;
  files: RepoFile[];
}

const isStatus = (err: unknown, status: number) => err instanceof ProviderCallError && err.failure.status === status;

/** By our key: the event's id for its repository, teamRepositoryKey for a team's. */
export async function findRepository(ctx: GithubContext, localId: string): Promise<RepositoryRef | undefined> {
  const ref = await findExternal(ctx.db, ctx.connection.id, REPOSITORY, localId);
  return ref?.externalId ? (ref.data as unknown as RepositoryRef) : undefined;
}

/** The repository's name: the event's slug, unique already and stable across retries. */
export const repositoryName = (e: EventSnapshot) => e.slug.slice(0, 100);

/** A team's key in the name GitHub sees: lowercase letters and digits joined by single hyphens ("Team Rocket" → "team-rocket"). */
export const slugOfTeam = (team: string) =>
  team
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/**
 * Our key for a team's repository: a name-based UUID (RFC 9562 version 5 layout)
 * of the event and the team's slug, so teammates who spell the team alike share
 * one key, and the claim that keeps a second repository from being made holds.
 */
export function teamRepositoryKey(eventId: string, team: string): string {
  const h = createHash("sha1").update(`github-team-repository:${eventId}:${slugOfTeam(team)}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export async function ensureRepository(ctx: GithubContext, event: EventSnapshot, factId: string): Promise<RepositoryRef> {
  const plan: RepositoryPlan = {
    localId: event.id,
    name: repositoryName(event),
    description: `${event.title}: hackathon repository (${event.url})`.slice(0, 350),
    endsAt: event.endsAt,
    eventId: event.id,
    files: repositoryFiles(event),
  };
  const known = await findRepository(ctx, event.id);
  const repo = known ?? (await createOnce(ctx, plan, factId));
  await writeFiles(ctx, repo, plan.files);
  return repo;
}

/** The repository of `team` at `event`, made on first use; its files are written once. */
export async function ensureTeamRepository(ctx: GithubContext, event: EventSnapshot, team: string, factId: string): Promise<{ localId: string; repo: RepositoryRef }> {
  const localId = teamRepositoryKey(event.id, team);
  const known = await findRepository(ctx, localId);
  if (known?.filesWritten) return { localId, repo: known };
  const plan: RepositoryPlan = {
    localId,
    name: `${repositoryName(event)}-${slugOfTeam(team)}`.slice(0, 100),
    description: `${event.title}: repository of team ${team} (${event.url})`.slice(0, 350),
    endsAt: event.endsAt,
    eventId: event.id,
    team,
    files: repositoryFiles(event, known?.team ?? team),
  };
  const repo = known ?? (await createOnce(ctx, plan, factId));
  await writeFiles(ctx, repo, plan.files);
  const done: RepositoryRef = { ...repo, filesWritten: true };
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: REPOSITORY, localId, externalId: done.fullName, data: { ...done } });
  return { localId, repo: done };
}

async function createOnce(ctx: GithubContext, plan: RepositoryPlan, factId: string): Promise<RepositoryRef> {
  // A concurrent delivery (another fact about the same event, a teammate's registration) waits for the first one's repository.
  const claim = await claimExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: REPOSITORY, localId: plan.localId, owner: factId });
  if (!claim.mine) throw new ProviderCallError("repos.create", { kind: "transient", message: `Another delivery is creating the repository ${plan.name}; trying again shortly` });
  const gh = await octokitFor(ctx);
  const owner = ctx.credentials.organization;
  const { name, description } = plan;
  let data: { html_url: string; full_name: string; owner: { login: string }; name: string } | undefined;
  try {
    // A lost answer to an earlier attempt: the repository is there already.
    data = (await ctx.call("repos.get", (signal) => gh.rest.repos.get({ owner, repo: name, request: { signal } }))).data;
  } catch (err) {
    if (!isStatus(err, 404)) throw err;
  }
  if (!data) {
    const template = ctx.settings.templateRepository;
    try {
      if (template) {
        const [templateOwner, templateRepo] = template.includes("/") ? template.split("/", 2) : [owner, template];
        data = (await ctx.call("repos.createUsingTemplate", (signal) =>
          gh.rest.repos.createUsingTemplate({ template_owner: templateOwner!, template_repo: templateRepo!, owner, name, description, private: true, request: { signal } }),
        )).data;
      } else {
        data = (await ctx.call("repos.createInOrg", (signal) => gh.rest.repos.createInOrg({ org: owner, name, description, private: true, auto_init: true, request: { signal } }))).data;
      }
    } catch (err) {
      // The policy retried a create whose answer was lost, and GitHub says the name is taken: by us, a moment ago.
      if (!isStatus(err, 422)) throw err;
      data = (await ctx.call("repos.get", (signal) => gh.rest.repos.get({ owner, repo: name, request: { signal } }))).data;
    }
  }
  const ref: RepositoryRef = { owner: data.owner.login, name: data.name, fullName: data.full_name, htmlUrl: data.html_url, endsAt: plan.endsAt, ...(plan.team ? { eventId: plan.eventId, team: plan.team } : {}) };
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: REPOSITORY, localId: plan.localId, externalId: ref.fullName, data: { ...ref } });
  return ref;
}

async function writeFiles(ctx: GithubContext, repo: RepositoryRef, files: RepoFile[]): Promise<void> {
  const gh = await octokitFor(ctx);
  for (const file of files) {
    const encoded = Buffer.from(file.content, "utf8").toString("base64");
    let sha: string | undefined;
    try {
      const { data } = await ctx.call("repos.getContent", (signal) => gh.rest.repos.getContent({ owner: repo.owner, repo: repo.name, path: file.path, request: { signal } }));
      if (!Array.isArray(data) && data.type === "file") {
        if ((data.content ?? "").replace(/\n/g, "") === encoded) continue;
        sha = data.sha;
      }
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
    try {
      await ctx.call("repos.createOrUpdateFileContents", (signal) =>
        gh.rest.repos.createOrUpdateFileContents({ owner: repo.owner, repo: repo.name, path: file.path, message: file.message, content: encoded, ...(sha ? { sha } : {}), request: { signal } }),
      );
    } catch (err) {
      // Absent when we looked, present when we wrote: a concurrent delivery (a teammate's) wrote it first.
      if (sha || !isStatus(err, 422)) throw err;
    }
  }
}

/** Archives the repositories (the events' and the teams') of hackathons that ended more than archiveAfterDays ago; each once. */
export async function archiveEnded(ctx: GithubContext, now = Date.now()): Promise<string> {
  const rows = await ctx.db
    .selectFrom("external_objects")
    .select(["local_id", "external_id", "data"])
    .where("connection_id", "=", ctx.connection.id)
    .where("kind", "=", REPOSITORY)
    .where("external_id", "<>", "")
    .execute();
  const dueBefore = now - ctx.settings.archiveAfterDays * 86_400_000;
  const due = rows.filter((r) => {
    const ref = r.data as unknown as RepositoryRef;
    return !ref.archivedAt && Date.parse(ref.endsAt) <= dueBefore;
  });
  if (!due.length) return "No repository is due for archiving";
  const gh = await octokitFor(ctx);
  const archived: string[] = [];
  for (const r of due) {
    const ref = r.data as unknown as RepositoryRef;
    try {
      await ctx.call("repos.update", (signal) => gh.rest.repos.update({ owner: ref.owner, repo: ref.name, archived: true, request: { signal } }));
    } catch (err) {
      // Deleted on GitHub by hand: nothing left to archive.
      if (!isStatus(err, 404)) throw err;
    }
    await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: REPOSITORY, localId: r.local_id, externalId: r.external_id, data: { ...ref, archivedAt: new Date(now).toISOString() } });
    archived.push(ref.fullName);
  }
  return `Archived ${archived.join(", ")}`;
}

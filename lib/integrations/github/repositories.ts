// A hackathon's repository: made once when the event is published, from the
// template repository the admin chose (or empty), with its README and issue
// templates; archived a set time after the event ends. Every step looks before it
// creates, so a retried delivery, even one whose answer was lost, finds the
// repository instead of making a second.
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";
import { claimExternal, findExternal, saveExternal } from "../external-objects";
import { ProviderCallError } from "../contract";
import { octokitFor } from "./app";
import { repositoryFiles } from "./files";
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
}

const isStatus = (err: unknown, status: number) => err instanceof ProviderCallError && err.failure.status === status;

export async function findRepository(ctx: GithubContext, eventId: string): Promise<RepositoryRef | undefined> {
  const ref = await findExternal(ctx.db, ctx.connection.id, REPOSITORY, eventId);
  return ref?.externalId ? (ref.data as unknown as RepositoryRef) : undefined;
}

/** The repository's name: the event's slug, unique already and stable across retries. */
export const repositoryName = (e: EventSnapshot) => e.slug.slice(0, 100);

export async function ensureRepository(ctx: GithubContext, event: EventSnapshot, factId: string): Promise<RepositoryRef> {
  const known = await findRepository(ctx, event.id);
  const repo = known ?? (await createOnce(ctx, event, factId));
  await writeFiles(ctx, repo, event);
  return repo;
}

async function createOnce(ctx: GithubContext, event: EventSnapshot, factId: string): Promise<RepositoryRef> {
  // A concurrent delivery of another fact about the same event waits for the first one's repository.
  const claim = await claimExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: REPOSITORY, localId: event.id, owner: factId });
  if (!claim.mine) throw new ProviderCallError("repos.create", { kind: "transient", message: "Another delivery is creating this event's repository; trying again shortly" });
  const gh = await octokitFor(ctx);
  const owner = ctx.credentials.organization;
  const name = repositoryName(event);
  const description = `${event.title}: hackathon repository (${event.url})`.slice(0, 350);
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
  const ref: RepositoryRef = { owner: data.owner.login, name: data.name, fullName: data.full_name, htmlUrl: data.html_url, endsAt: event.endsAt };
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: REPOSITORY, localId: event.id, externalId: ref.fullName, data: { ...ref } });
  return ref;
}

async function writeFiles(ctx: GithubContext, repo: RepositoryRef, event: EventSnapshot): Promise<void> {
  const gh = await octokitFor(ctx);
  for (const file of repositoryFiles(event)) {
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
    await ctx.call("repos.createOrUpdateFileContents", (signal) =>
      gh.rest.repos.createOrUpdateFileContents({ owner: repo.owner, repo: repo.name, path: file.path, message: file.message, content: encoded, ...(sha ? { sha } : {}), request: { signal } }),
    );
  }
}

/** Archives the repositories of hackathons that ended more than archiveAfterDays ago; each once. */
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

// Registrants with a GitHub username get access to their hackathon's repository
// (the event's, or with a repository per team, their team's, made on first use):
// invited as a collaborator with the chosen permission, or added to the
// repository's GitHub team; and lose it when the registration is cancelled or
// refunded. In team mode a registrant who named no team is recorded as such. What was done
// is recorded per attendee before the next step, so a retried delivery neither
// invites twice nor forgets whom to remove.
import type { AttendeeSnapshot, EventSnapshot } from "@/lib/domain/outbox/catalog";
import { claimExternal, findExternal, saveExternal } from "../external-objects";
import { ProviderCallError } from "../contract";
import { octokitFor } from "./app";
import { GITHUB_USERNAME, HACKATHON_TEAM, type GithubContext } from "./manifest";
import { ensureTeamRepository, findRepository, slugOfTeam, type RepositoryRef } from "./repositories";

export const PARTICIPANT = "github.participant";
const TEAM = "github.team";

/** no_team: a repository per team, and the registrant named no team, so nobody was invited. */
export type ParticipantState = "invited" | "member" | "removed" | "no_team";

export interface ParticipantRef {
  username: string;
  /** Its full name; empty when no_team. */
  repository: string;
  /** The hackathon team whose repository it is, with a repository per team. */
  team?: string;
  via: "collaborator" | "team";
  invitationId?: number;
  teamSlug?: string;
  state: ParticipantState;
}

const isStatus = (err: unknown, ...statuses: number[]) => err instanceof ProviderCallError && statuses.includes(err.failure.status ?? 0);

export function githubUsername(attendee: AttendeeSnapshot): string | undefined {
  const answer = (attendee.answers ?? []).find((a) => a.kind === GITHUB_USERNAME.id);
  return typeof answer?.value === "string" && answer.value.trim() ? answer.value.trim() : undefined;
}

/** The hackathon team the attendee named, if its name has a slug. */
export function hackathonTeam(attendee: AttendeeSnapshot): string | undefined {
  const answer = (attendee.answers ?? []).find((a) => a.kind === HACKATHON_TEAM.id);
  const team = typeof answer?.value === "string" ? answer.value.trim() : "";
  return team && slugOfTeam(team) ? team : undefined;
}

async function repositoryOf(ctx: GithubContext, event: EventSnapshot): Promise<RepositoryRef> {
  const repo = await findRepository(ctx, event.id);
  // Publication comes first through the connection's queue; without it the repository is still on its way.
  if (!repo) throw new ProviderCallError("participants.invite", { kind: "transient", message: "The event's repository does not exist yet; trying again once it does" });
  return repo;
}

/** The GitHub team that holds `repo`, named like it: one per event, or one per hackathon team; keyed like the repository. */
async function ensureTeam(ctx: GithubContext, event: EventSnapshot, localId: string, repo: RepositoryRef, factId: string): Promise<string> {
  const known = await findExternal(ctx.db, ctx.connection.id, TEAM, localId);
  if (known?.externalId) return known.externalId;
  const claim = await claimExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: TEAM, localId, owner: factId });
  if (!claim.mine) throw new ProviderCallError("teams.create", { kind: "transient", message: `Another delivery is creating the team ${repo.name}; trying again shortly` });
  const gh = await octokitFor(ctx);
  const org = ctx.credentials.organization;
  const name = repo.name;
  let slug: string;
  try {
    slug = (await ctx.call("teams.getByName", (signal) => gh.rest.teams.getByName({ org, team_slug: name, request: { signal } }))).data.slug;
  } catch (err) {
    if (!isStatus(err, 404)) throw err;
    slug = (await ctx.call("teams.create", (signal) => gh.rest.teams.create({ org, name, description: repo.team ? `Team ${repo.team} at ${event.title}` : `Participants of ${event.title}`, privacy: "closed", request: { signal } }))).data.slug;
  }
  await ctx.call("teams.addOrUpdateRepoPermissionsInOrg", (signal) =>
    gh.rest.teams.addOrUpdateRepoPermissionsInOrg({ org, team_slug: slug, owner: repo.owner, repo: repo.name, permission: ctx.settings.permission, request: { signal } }),
  );
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: TEAM, localId, externalId: slug });
  return slug;
}

export async function grantAccess(ctx: GithubContext, event: EventSnapshot, attendees: AttendeeSnapshot[], factId: string): Promise<void> {
  const wanted = attendees.map((a) => ({ attendee: a, username: githubUsername(a) })).filter((w): w is { attendee: AttendeeSnapshot; username: string } => !!w.username);
  if (!wanted.length) return;
  const perTeam = ctx.settings.repositoryPer === "team";
  const eventRepo = perTeam ? undefined : { localId: event.id, repo: await repositoryOf(ctx, event) };
  const gh = await octokitFor(ctx);
  for (const { attendee, username } of wanted) {
    const known = await findExternal(ctx.db, ctx.connection.id, PARTICIPANT, attendee.id);
    const knownState = (known?.data as unknown as ParticipantRef | undefined)?.state;
    if (knownState && knownState !== "removed" && knownState !== "no_team") continue;
    const team = perTeam ? hackathonTeam(attendee) : undefined;
    if (perTeam && !team) {
      const none: ParticipantRef = { username, repository: "", via: ctx.settings.access === "team" ? "team" : "collaborator", state: "no_team" };
      await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: PARTICIPANT, localId: attendee.id, externalId: username.toLowerCase(), data: { ...none } });
      continue;
    }
    const { localId, repo } = eventRepo ?? (await ensureTeamRepository(ctx, event, team!, factId));
    let ref: ParticipantRef;
    if (ctx.settings.access === "team") {
      const teamSlug = await ensureTeam(ctx, event, localId, repo, factId);
      const { data } = await ctx.call("teams.addOrUpdateMembershipForUserInOrg", (signal) =>
        gh.rest.teams.addOrUpdateMembershipForUserInOrg({ org: ctx.credentials.organization, team_slug: teamSlug, username, role: "member", request: { signal } }),
      );
      ref = { username, repository: repo.fullName, via: "team", teamSlug, state: data.state === "active" ? "member" : "invited", ...(repo.team ? { team: repo.team } : {}) };
    } else {
      // PUT is idempotent at GitHub: a pending invitation is updated, a collaborator answers 204.
      const res = await ctx.call("repos.addCollaborator", (signal) =>
        gh.rest.repos.addCollaborator({ owner: repo.owner, repo: repo.name, username, permission: ctx.settings.permission, request: { signal } }),
      );
      const invitation = res.status === 201 ? (res.data as { id?: number } | undefined) : undefined;
      ref = { username, repository: repo.fullName, via: "collaborator", invitationId: invitation?.id, state: invitation ? "invited" : "member", ...(repo.team ? { team: repo.team } : {}) };
    }
    await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: PARTICIPANT, localId: attendee.id, externalId: username.toLowerCase(), data: { ...ref } });
  }
}

export async function revokeAccess(ctx: GithubContext, attendees: AttendeeSnapshot[]): Promise<void> {
  const gh = await octokitFor(ctx);
  for (const attendee of attendees) {
    const known = await findExternal(ctx.db, ctx.connection.id, PARTICIPANT, attendee.id);
    if (!known) continue;
    const ref = known.data as unknown as ParticipantRef;
    // no_team: never invited, so nothing to take back.
    if (ref.state === "removed" || ref.state === "no_team") continue;
    const [owner, repo] = ref.repository.split("/", 2) as [string, string];
    // Each step treats "already gone" (404) as done, so a retry after a partial removal finishes it.
    const gone = (err: unknown) => {
      if (!isStatus(err, 404)) throw err;
    };
    if (ref.via === "team" && ref.teamSlug) {
      const teamSlug = ref.teamSlug;
      await ctx.call("teams.removeMembershipForUserInOrg", (signal) => gh.rest.teams.removeMembershipForUserInOrg({ org: ctx.credentials.organization, team_slug: teamSlug, username: ref.username, request: { signal } })).catch(gone);
    } else {
      if (ref.invitationId) {
        const invitationId = ref.invitationId;
        await ctx.call("repos.deleteInvitation", (signal) => gh.rest.repos.deleteInvitation({ owner, repo, invitation_id: invitationId, request: { signal } })).catch(gone);
      }
      await ctx.call("repos.removeCollaborator", (signal) => gh.rest.repos.removeCollaborator({ owner, repo, username: ref.username, request: { signal } })).catch(gone);
    }
    await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: PARTICIPANT, localId: attendee.id, externalId: known.externalId, data: { ...ref, state: "removed" } });
  }
}

/** A webhook says the person joined (accepted the invitation, or was added): shown on the attendee. */
export async function markJoined(ctx: GithubContext, repository: string, username: string): Promise<number> {
  const rows = await ctx.db
    .selectFrom("external_objects")
    .select(["local_id", "external_id", "data"])
    .where("connection_id", "=", ctx.connection.id)
    .where("kind", "=", PARTICIPANT)
    .where("external_id", "=", username.toLowerCase())
    .execute();
  let n = 0;
  for (const r of rows) {
    const ref = r.data as unknown as ParticipantRef;
    if (ref.repository.toLowerCase() !== repository.toLowerCase() || ref.state !== "invited") continue;
    await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: PARTICIPANT, localId: r.local_id, externalId: r.external_id, data: { ...ref, state: "member" } });
    n++;
  }
  return n;
}

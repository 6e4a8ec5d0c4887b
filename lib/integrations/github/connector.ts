// GitHub for hackathons: a repository per hackathon from a template when it is
// published (or, if the admin prefers, one per team when its first member is
// invited), registrants with a GitHub username invited (or added to a team) and
// removed when they cancel, the repositories archived a while after the event; App webhooks mark a lost installation, joiners and pushes. Connected by a
// fine-grained personal access token, or by installing our GitHub App.
import type { DomainEvent, DomainEventType } from "@/lib/domain/outbox/catalog";
import { defineConnector } from "../contract";
import { octokitFor } from "./app";
import { classifyGithubError } from "./errors";
import { githubInbound } from "./inbound";
import { githubInstall } from "./install";
import { GITHUB_USERNAME, manifest, type GithubContext } from "./manifest";
import { grantAccess, revokeAccess } from "./participants";
import { archiveEnded, ensureRepository, findRepository } from "./repositories";
import { checkGithubUsername } from "./usernames";
import { githubEventViews } from "./views";

type OrderFact = DomainEvent<"registration.created" | "ticket.purchased" | "registration.cancelled" | "ticket.refunded">;

async function onJoin(event: OrderFact, ctx: GithubContext): Promise<void> {
  if (!event.payload.event.hackathon) return;
  // Only tickets that are settled (free ones are at once) open the repository.
  await grantAccess(ctx, event.payload.event, event.payload.attendees.filter((a) => a.status === "paid"), event.id);
}

async function onLeave(event: OrderFact, ctx: GithubContext): Promise<void> {
  if (!event.payload.event.hackathon) return;
  await revokeAccess(ctx, event.payload.attendees);
}

export const connector = defineConnector(manifest, {
  oauth: githubInstall,
  classifyError: classifyGithubError,
  async testConnection(ctx) {
    const gh = await octokitFor(ctx);
    const org = ctx.credentials.organization;
    const { data } = await ctx.call("orgs.get", (signal) => gh.rest.orgs.get({ org, request: { signal } }));
    const name = data.name ? `${data.name} (${data.login})` : data.login;
    if (ctx.credentials.connectedVia === "app") {
      return { account: { id: String(ctx.credentials.installationId), name: data.login }, detail: `GitHub App installed on ${name}; repositories are made there.` };
    }
    // A token's account is its organization; two Switchboard organizations cannot both drive one.
    return { account: { id: `org:${data.id}`, name: data.login }, detail: `Personal access token for ${name}; repositories are made there.` };
  },
  fieldOptions: {
    async templateRepository(ctx) {
      const gh = await octokitFor(ctx);
      const org = ctx.credentials.organization;
      const repos = await ctx.call("repos.listForOrg", (signal) => gh.paginate(gh.rest.repos.listForOrg, { org, per_page: 100, request: { signal } }));
      return repos.filter((r) => r.is_template).map((r) => ({ value: r.full_name, label: r.full_name }));
    },
  },
  handlers: {
    // With a repository per team there is none for the event: each team's comes with its first member.
    "event.published": async (event, ctx) => {
      if (!event.payload.event.hackathon || ctx.settings.repositoryPer === "team") return;
      await ensureRepository(ctx, event.payload.event, event.id);
    },
    // An event marked a hackathon after it was published gets its repository on that save; an existing one
    // is left alone, so the teams' own edits to its README survive the organizer's edits to the event.
    "event.updated": async (event, ctx) => {
      const e = event.payload.event;
      if (!e.hackathon || e.status !== "published" || ctx.settings.repositoryPer === "team" || (await findRepository(ctx, e.id))) return;
      await ensureRepository(ctx, e, event.id);
    },
    "registration.created": onJoin,
    "ticket.purchased": onJoin,
    "registration.cancelled": onLeave,
    "ticket.refunded": onLeave,
  } satisfies { [T in DomainEventType]?: (event: DomainEvent<T>, ctx: GithubContext) => Promise<void> },
  answerChecks: { [GITHUB_USERNAME.id]: checkGithubUsername },
  periodic: { everyMinutes: 60, run: (ctx) => archiveEnded(ctx) },
  inbound: githubInbound,
  eventViews: githubEventViews,
});

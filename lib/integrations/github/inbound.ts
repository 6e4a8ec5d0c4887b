// GitHub's webhooks for our App, all to one URL (/api/webhooks/github), signed
// with the App's webhook secret (X-Hub-Signature-256, checked by
// @octokit/webhooks). The installation named in the body picks the connection.
// An installation deleted or suspended needs a person; a participant who joined
// shows on the attendee; pushes are counted per repository for the event page.
import { Webhooks } from "@octokit/webhooks";
import { sql } from "kysely";
import { markNeedsAttention } from "../connections/repository";
import { ignored, processed, type InboundCapability, type InboundRequest, type VerifiedCallback } from "../contract/inbound";
import { sandboxEnabled } from "../sandbox-url";
import { liveAppIdentity, sandboxAppIdentity } from "./app";
import type { GithubContext } from "./manifest";
import { markJoined } from "./participants";
import { REPOSITORY } from "./repositories";

export const INSTALLATION_DELETED = "The GitHub App was uninstalled from the organization; install it again to resume";
export const INSTALLATION_SUSPENDED = "The GitHub App's installation was suspended in the organization's settings; unsuspend it (or install again) to resume";

interface Delivery {
  action?: string;
  installation?: { id?: number };
  repository?: { full_name?: string };
  member?: { login?: string };
  commits?: unknown[];
  size?: number;
}

function parse(rawBody: string): Delivery | undefined {
  try {
    const v = JSON.parse(rawBody) as unknown;
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Delivery) : undefined;
  } catch {
    return undefined;
  }
}

async function secretFor(ctx: GithubContext): Promise<string> {
  if (ctx.connection.mode === "live") {
    const app = liveAppIdentity();
    if (!app) throw new Error("GITHUB_WEBHOOK_SECRET is not set: live GitHub webhooks cannot be verified");
    return app.webhookSecret;
  }
  if (!sandboxEnabled()) throw new Error("The sandbox is off: sandbox GitHub webhooks are not accepted");
  return (await sandboxAppIdentity()).webhookSecret;
}

async function verify(req: InboundRequest, ctx: GithubContext): Promise<VerifiedCallback> {
  const signature = req.headers.get("x-hub-signature-256");
  if (!signature) throw new Error("Missing X-Hub-Signature-256 header");
  const secret = await secretFor(ctx);
  // Constant-time HMAC-SHA256 of the exact bytes received.
  if (!(await new Webhooks({ secret }).verify(req.rawBody, signature))) throw new Error("X-Hub-Signature-256 does not match the body");
  const body = parse(req.rawBody);
  const event = req.headers.get("x-github-event");
  const delivery = req.headers.get("x-github-delivery");
  if (!body || !event || !delivery) throw new Error("Not a GitHub webhook delivery");
  if (String(body.installation?.id ?? "") !== ctx.connection.externalAccountId) throw new Error("Signed for another installation");
  return { externalId: delivery, type: body.action ? `${event}.${body.action}` : event, payload: { event, body } };
}

async function countPush(ctx: GithubContext, repository: string, commits: number): Promise<number> {
  const res = await ctx.db
    .updateTable("external_objects")
    .set({ data: sql`jsonb_set(data, '{pushes}', to_jsonb(coalesce((data->>'pushes')::int, 0) + ${commits}))`, updated_at: new Date() })
    .where("connection_id", "=", ctx.connection.id)
    .where("kind", "=", REPOSITORY)
    .where(sql`lower(external_id)`, "=", repository.toLowerCase())
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export const githubInbound: InboundCapability<GithubContext> = {
  connectionFor: (req) => {
    const id = parse(req.rawBody)?.installation?.id;
    return id === undefined ? undefined : String(id);
  },
  verify,
  async process(payload, ctx) {
    const { event, body } = payload as { event: string; body: Delivery };
    const type = body.action ? `${event}.${body.action}` : event;
    switch (type) {
      case "installation.deleted":
        return processed((await markNeedsAttention(ctx.db, ctx.connection.id, INSTALLATION_DELETED)) ? "Marked the connection as needing attention" : "The connection was not active");
      case "installation.suspend":
        return processed((await markNeedsAttention(ctx.db, ctx.connection.id, INSTALLATION_SUSPENDED)) ? "Marked the connection as needing attention" : "The connection was not active");
      case "member.added": {
        const repo = body.repository?.full_name;
        const login = body.member?.login;
        if (!repo || !login) return ignored("member.added without repository or member");
        const n = await markJoined(ctx, repo, login);
        return n ? processed(`${login} joined ${repo}`) : ignored(`${login} is not a participant we invited to ${repo}`);
      }
      case "push": {
        const repo = body.repository?.full_name;
        if (!repo) return ignored("push without repository");
        const commits = Array.isArray(body.commits) ? body.commits.length : (body.size ?? 0);
        return (await countPush(ctx, repo, commits)) ? processed(`Counted ${commits} commit(s) pushed to ${repo}`) : ignored(`${repo} is not a hackathon repository of ours`);
      }
      default:
        return ignored(`GitHub event ${type} is not used`);
    }
  },
  keptHeaders: ["x-github-event", "x-github-delivery", "x-hub-signature-256", "x-github-hook-installation-target-id"],
};

// What happens on GitHub outside our API calls, as control operations: the App's
// identity for the app's sandbox mode, a person accepting an invitation (GitHub then
// sends member.added), commits pushed (push), the installation deleted or suspended
// by an organization owner, an installation somebody else made on their own
// account (which our admin must not be able to link), and new people to invite.
import { z } from "zod";
import { bad, conflict, notFound, type ControlInput, type ControlResult, type ControlRoutes } from "../core/control";
import type { Ctx } from "../core/context";
import { orgView, sendWebhook } from "./notify";
import { repoView, userView } from "./views";
import { appKeys, GITHUB_STATE, repoKey, SANDBOX_APP, SANDBOX_GITHUB_WEBHOOK_SECRET, sha1, type GithubState, type GithubUser, type Installation } from "./state";

/** A person's addresses, as /user/emails lists them (sign-in reads only the primary, verified one). */
const EMAILS = z.array(z.object({ email: z.email(), primary: z.boolean(), verified: z.boolean(), visibility: z.enum(["public", "private"]).nullable().optional() }));

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

function liveInstallation(state: GithubState, input: ControlInput): Installation | undefined {
  const id = input.id === undefined ? undefined : Number(input.id);
  // Without an id: the installation on the sandbox's organization, whose events these are.
  return [...state.installations.values()].find((i) => !i.deleted && (id === undefined ? i.account === state.org.login : i.id === id));
}

function repoFrom(state: GithubState, input: ControlInput) {
  if (typeof input.repository !== "string" || !input.repository.includes("/")) return undefined;
  const [owner, name] = input.repository.split("/", 2) as [string, string];
  return state.repos.get(repoKey(owner, name));
}

async function acceptInvitation(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const state = GITHUB_STATE.of(ctx.rt);
  const r = repoFrom(state, input);
  if (!r) return notFound(`No repository ${String(input.repository)} (give "owner/name")`);
  const login = String(input.login ?? "").toLowerCase();
  const invitation = [...r.invitations.values()].find((i) => i.login.toLowerCase() === login);
  if (!invitation) return notFound(`${String(input.login)} has no pending invitation to ${r.owner}/${r.name}`);
  r.invitations.delete(invitation.id);
  r.collaborators.set(login, { login: invitation.login, permission: invitation.permission });
  const installation = liveInstallation(state, {});
  const user = state.users.get(login)!;
  const sent = installation
    ? await sendWebhook(ctx.rt, state, { event: "member", installationId: installation.id, body: { action: "added", member: userView(ctx, user), changes: { permission: { to: invitation.permission === "push" ? "write" : invitation.permission } }, repository: repoView(ctx, r), organization: orgView(state), sender: userView(ctx, user) } })
    : null;
  return { status: 200, body: { accepted: true, webhook: sent } };
}

async function push(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const state = GITHUB_STATE.of(ctx.rt);
  const r = repoFrom(state, input);
  if (!r) return notFound(`No repository ${String(input.repository)} (give "owner/name")`);
  const count = input.commits === undefined ? 1 : Number(input.commits);
  if (!Number.isInteger(count) || count < 1 || count > 100) return bad("commits must be a whole number from 1 to 100");
  if (r.archived) return conflict(`${r.owner}/${r.name} is archived: pushes are refused`);
  const login = String(input.login ?? "octocat");
  r.pushes += count;
  const commits = Array.from({ length: count }, (_, i) => ({ id: sha1(`${r.name}:${r.pushes}:${i}:${Date.now()}`), message: `Commit ${i + 1}`, author: { name: login, username: login } }));
  const installation = liveInstallation(state, {});
  const sent = installation
    ? await sendWebhook(ctx.rt, state, { event: "push", installationId: installation.id, body: { ref: "refs/heads/main", before: "0".repeat(40), after: commits.at(-1)!.id, commits, size: count, repository: repoView(ctx, r), organization: orgView(state), pusher: { name: login }, sender: { login } } })
    : null;
  return { status: 200, body: { pushes: r.pushes, webhook: sent } };
}

async function endInstallation(ctx: Ctx, input: ControlInput, how: "deleted" | "suspend"): Promise<ControlResult> {
  const state = GITHUB_STATE.of(ctx.rt);
  const inst = liveInstallation(state, input);
  if (!inst) return notFound("No live installation");
  if (how === "deleted") inst.deleted = true;
  else inst.suspendedAt = new Date(ctx.rt.clock.now()).toISOString();
  const sent = await sendWebhook(ctx.rt, state, { event: "installation", installationId: inst.id, body: { action: how, account: orgView(state), sender: { login: "sandbox-admin" } } });
  return { status: 200, body: { installation: inst.id, action: how, webhook: sent } };
}

/** Somebody else installs the App on their account: it exists on GitHub, but only they administer it. */
function installElsewhere(ctx: Ctx, input: ControlInput): ControlResult {
  const state = GITHUB_STATE.of(ctx.rt);
  const login = String(input.login ?? "monalisa");
  const account = String(input.account ?? `${login}-org`);
  if (!LOGIN.test(login) || !LOGIN.test(account)) return bad("login and account must be GitHub logins");
  if (account.toLowerCase() === state.org.login.toLowerCase()) return conflict(`Install on ${account} through the install page`);
  const user = state.users.get(login.toLowerCase()) ?? { id: state.nextId++, login, name: login };
  state.users.set(login.toLowerCase(), user);
  const inst: Installation = { id: state.nextId++, account, suspendedAt: null, deleted: false, admins: [login.toLowerCase()] };
  state.installations.set(inst.id, inst);
  return { status: 200, body: { id: inst.id, account, installedBy: user.login } };
}

export const GITHUB_CONTROL: ControlRoutes = {
  // The demo App's identity: its key is generated at start and signs nothing outside the sandbox.
  "/app": {
    GET: () => ({
      status: 200,
      body: { appId: String(SANDBOX_APP.id), slug: SANDBOX_APP.slug, privateKey: appKeys().privateKey.export({ type: "pkcs8", format: "pem" }).toString(), webhookSecret: SANDBOX_GITHUB_WEBHOOK_SECRET },
    }),
  },
  "/users": {
    POST: (ctx, input) => {
      const state = GITHUB_STATE.of(ctx.rt);
      const login = String(input.login ?? "");
      if (!LOGIN.test(login)) return bad("login must be a GitHub login");
      const u: GithubUser = state.users.get(login.toLowerCase()) ?? { id: state.nextId++, login, name: typeof input.name === "string" ? input.name : login };
      if (input.emails !== undefined) {
        const emails = EMAILS.safeParse(input.emails);
        if (!emails.success) return bad("emails must be a list of {email, primary, verified, visibility?}");
        u.emails = emails.data.map((e) => ({ ...e, visibility: e.visibility ?? null }));
      }
      state.users.set(login.toLowerCase(), u);
      return { status: 200, body: u };
    },
  },
  "/invitations/accept": { POST: acceptInvitation },
  "/push": { POST: push },
  "/installations": { POST: installElsewhere },
  "/installations/delete": { POST: (ctx, input) => endInstallation(ctx, input, "deleted") },
  "/installations/suspend": { POST: (ctx, input) => endInstallation(ctx, input, "suspend") },
  "/tokens/revoke": {
    POST: (ctx, input) => {
      if (typeof input.token !== "string") return bad("token is required");
      GITHUB_STATE.of(ctx.rt).revokedTokens.add(input.token);
      return { status: 200, body: { revoked: true } };
    },
  },
};

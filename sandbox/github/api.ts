// GitHub's REST API as the connector uses it: the App (JWT) and its installations'
// tokens, the organization and its users, repositories (from a template or empty),
// contents, collaborators and invitations, teams and memberships, archiving. Each
// request is checked against GitHub's OpenAPI description first; GitHub's status
// codes and error envelope answer the rest.
import type { Ctx } from "../core/context";
import { compileTemplate, type PathMatcher } from "../core/path-template";
import { record } from "../core/record";
import { sendEmpty, sendJson } from "../core/respond";
import { identify, mintInstallationToken, type Caller } from "./auth";
import { mayAdminister } from "./user-auth";
import { apiError } from "./errors";
import { githubSpec } from "./spec";
import { installationView, invitationView, repoView, site, teamView, userView } from "./views";
import { emailsOf, publicEmail } from "./sign-in";
import { GITHUB_STATE, newRepo, repoKey, SANDBOX_ADMIN, sha1, type GithubState, type GithubUser, type Repo } from "./state";

type Params = Record<string, string>;
type Body = Record<string, unknown>;
interface Call {
  ctx: Ctx;
  state: GithubState;
  caller: Caller;
  p: Params;
  body: Body;
  now: number;
}
type Handler = (c: Call) => void;
interface Route {
  method: string;
  template: string;
  match: PathMatcher;
  /** Who may call it: the App itself (JWT), or an installation or a person. */
  as: "app" | "account";
  handle: Handler;
}

const routes: Route[] = [];
function on(method: string, template: string, as: Route["as"], handle: Handler): void {
  routes.push({ method, template, match: compileTemplate(template), as, handle });
}

const notFound = (ctx: Ctx) => apiError(ctx, 404, "Not Found");

/** The organization a caller may act on: the installation's account, or any for a person's token. */
function ownsOrg(c: Call, login: string): boolean {
  if (login.toLowerCase() !== c.state.org.login.toLowerCase()) return false;
  if (c.caller.kind === "installation") return c.state.installations.get(c.caller.installationId)?.account.toLowerCase() === login.toLowerCase();
  return true;
}

function repoOf(c: Call, owner: string, name: string): Repo | undefined {
  if (!ownsOrg(c, owner)) return undefined;
  return c.state.repos.get(repoKey(owner, name));
}

function writable(c: Call, r: Repo): boolean {
  if (!r.archived) return true;
  apiError(c.ctx, 403, "Repository was archived so is read-only.");
  return false;
}

function unprocessable(ctx: Ctx, message: string, errors: Array<Record<string, string>> = []): void {
  apiError(ctx, 422, message, errors.length ? { errors } : {});
}

// The App itself.
on("GET", "/app", "app", ({ ctx }) => sendJson(ctx, 200, { id: 424242, slug: "switchboard-sandbox", name: "Switchboard (sandbox)", html_url: `${ctx.rt.url}/github/apps/switchboard-sandbox`, owner: null, permissions: { administration: "write", contents: "write", members: "write", metadata: "read" }, events: ["member", "push"] }));
on("GET", "/app/installations/{installation_id}", "app", ({ ctx, state, p }) => {
  const i = state.installations.get(Number(p.installation_id));
  if (!i || i.deleted) return notFound(ctx);
  sendJson(ctx, 200, installationView(ctx, i));
});
on("POST", "/app/installations/{installation_id}/access_tokens", "app", ({ ctx, state, p, now }) => {
  const i = state.installations.get(Number(p.installation_id));
  if (!i || i.deleted) return notFound(ctx);
  if (i.suspendedAt) return apiError(ctx, 403, "This installation has been suspended");
  const { token, expiresAt } = mintInstallationToken(state, i.id, now);
  sendJson(ctx, 201, { token, expires_at: expiresAt, permissions: installationView(ctx, i).permissions, repository_selection: "all" });
});

// The installations a person may administer, for a user access token the App got for them.
on("GET", "/user/installations", "account", (c) => {
  if (c.caller.kind !== "app-user") return apiError(c.ctx, 403, "You must authenticate with an access token authorized to a GitHub App in order to list installations");
  const login = c.caller.login;
  const page = Math.max(1, Number(c.ctx.url.searchParams.get("page") ?? 1));
  const perPage = Math.min(100, Math.max(1, Number(c.ctx.url.searchParams.get("per_page") ?? 30)));
  const all = [...c.state.installations.values()].filter((i) => mayAdminister(i, login));
  const headers: Record<string, string> = {};
  if (page * perPage < all.length) headers.Link = `<${c.ctx.rt.url}/github/user/installations?per_page=${perPage}&page=${page + 1}>; rel="next"`;
  sendJson(c.ctx, 200, { total_count: all.length, installations: all.slice((page - 1) * perPage, page * perPage).map((i) => installationView(c.ctx, i)) }, headers);
});

// The signed-in person, for a user access token (a personal access token speaks for the organization's owner).
function signedIn(c: Call): GithubUser | undefined {
  if (c.caller.kind === "app-user") return c.state.users.get(c.caller.login.toLowerCase());
  if (c.caller.kind === "user") return c.state.users.get(SANDBOX_ADMIN);
  apiError(c.ctx, 403, "Resource not accessible by integration");
  return undefined;
}
on("GET", "/user", "account", (c) => {
  const u = signedIn(c);
  if (!u) return;
  sendJson(c.ctx, 200, { ...userView(c.ctx, u), avatar_url: `${site(c.ctx)}/avatars/${u.login}`, email: publicEmail(u), created_at: "2020-01-01T00:00:00Z" });
});
on("GET", "/user/emails", "account", (c) => {
  const u = signedIn(c);
  if (!u) return;
  sendJson(c.ctx, 200, emailsOf(u));
});

// The organization and its people.
on("GET", "/orgs/{org}", "account", (c) => {
  if (!ownsOrg(c, c.p.org!)) return notFound(c.ctx);
  const o = c.state.org;
  sendJson(c.ctx, 200, { login: o.login, id: o.id, node_id: `O_${o.id}`, name: o.name, type: "Organization", html_url: `${c.ctx.rt.url}/github/${o.login}`, url: `${c.ctx.rt.url}/github/orgs/${o.login}` });
});
on("GET", "/users/{username}", "account", ({ ctx, state, p }) => {
  const u = state.users.get(p.username!.toLowerCase());
  if (!u) return notFound(ctx);
  sendJson(ctx, 200, userView(ctx, u));
});

// Repositories.
on("GET", "/orgs/{org}/repos", "account", (c) => {
  if (!ownsOrg(c, c.p.org!)) return notFound(c.ctx);
  const page = Math.max(1, Number(c.ctx.url.searchParams.get("page") ?? 1));
  const perPage = Math.min(100, Math.max(1, Number(c.ctx.url.searchParams.get("per_page") ?? 30)));
  const all = [...c.state.repos.values()].filter((r) => r.owner.toLowerCase() === c.p.org!.toLowerCase());
  const slice = all.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = {};
  if (page * perPage < all.length) headers.Link = `<${c.ctx.rt.url}/github/orgs/${c.p.org}/repos?per_page=${perPage}&page=${page + 1}>; rel="next"`;
  sendJson(c.ctx, 200, slice.map((r) => repoView(c.ctx, r)), headers);
});
on("GET", "/repos/{owner}/{repo}", "account", (c) => {
  const r = repoOf(c, c.p.owner!, c.p.repo!);
  if (!r) return notFound(c.ctx);
  sendJson(c.ctx, 200, repoView(c.ctx, r));
});
function createRepo(c: Call, owner: string, fromTemplate: Repo | null): void {
  const name = String(c.body.name);
  if (c.state.repos.has(repoKey(owner, name))) return unprocessable(c.ctx, "Repository creation failed.", [{ resource: "Repository", code: "custom", field: "name", message: "name already exists on this account" }]);
  const r = newRepo(c.state, { owner: c.state.org.login, name, description: typeof c.body.description === "string" ? c.body.description : "", private: c.body.private === true, fromTemplate: fromTemplate ? `${fromTemplate.owner}/${fromTemplate.name}` : null, now: c.now });
  if (fromTemplate) for (const [path, f] of fromTemplate.files) r.files.set(path, { ...f });
  else if (c.body.auto_init === true) r.files.set("README.md", { content: Buffer.from(`# ${name}\n`).toString("base64"), sha: sha1(`# ${name}\n`) });
  c.state.repos.set(repoKey(r.owner, r.name), r);
  sendJson(c.ctx, 201, repoView(c.ctx, r));
}
on("POST", "/orgs/{org}/repos", "account", (c) => {
  if (!ownsOrg(c, c.p.org!)) return notFound(c.ctx);
  createRepo(c, c.p.org!, null);
});
on("POST", "/repos/{template_owner}/{template_repo}/generate", "account", (c) => {
  const template = repoOf(c, c.p.template_owner!, c.p.template_repo!);
  if (!template) return notFound(c.ctx);
  if (!template.isTemplate) return unprocessable(c.ctx, `${template.owner}/${template.name} is not a template repository`);
  const owner = typeof c.body.owner === "string" ? c.body.owner : c.state.org.login;
  if (!ownsOrg(c, owner)) return notFound(c.ctx);
  createRepo(c, owner, template);
});
on("PATCH", "/repos/{owner}/{repo}", "account", (c) => {
  const r = repoOf(c, c.p.owner!, c.p.repo!);
  if (!r) return notFound(c.ctx);
  if (r.archived && c.body.archived !== false) return apiError(c.ctx, 403, "Repository was archived so is read-only.");
  if (typeof c.body.archived === "boolean") r.archived = c.body.archived;
  if (typeof c.body.description === "string") r.description = c.body.description;
  if (typeof c.body.is_template === "boolean") r.isTemplate = c.body.is_template;
  sendJson(c.ctx, 200, repoView(c.ctx, r));
});

// Contents.
on("GET", "/repos/{owner}/{repo}/contents/{path}", "account", (c) => {
  const r = repoOf(c, c.p.owner!, c.p.repo!);
  const f = r?.files.get(c.p.path!);
  if (!r || !f) return notFound(c.ctx);
  const name = c.p.path!.split("/").at(-1)!;
  sendJson(c.ctx, 200, { type: "file", encoding: "base64", size: Buffer.from(f.content, "base64").length, name, path: c.p.path, content: f.content, sha: f.sha, url: `${c.ctx.rt.url}/github/repos/${r.owner}/${r.name}/contents/${encodeURIComponent(c.p.path!)}` });
});
on("PUT", "/repos/{owner}/{repo}/contents/{path}", "account", (c) => {
  const r = repoOf(c, c.p.owner!, c.p.repo!);
  if (!r) return notFound(c.ctx);
  if (!writable(c, r)) return;
  const existing = r.files.get(c.p.path!);
  // GitHub refuses an update without the current blob's sha (409 when it is stale).
  if (existing && c.body.sha === undefined) return unprocessable(c.ctx, "Invalid request.\n\n\"sha\" wasn't supplied.");
  if (existing && c.body.sha !== existing.sha) return apiError(c.ctx, 409, `${c.p.path} does not match ${String(c.body.sha)}`);
  let text: string;
  try {
    text = Buffer.from(String(c.body.content), "base64").toString("utf8");
  } catch {
    return unprocessable(c.ctx, "content is not valid Base64");
  }
  const file = { content: Buffer.from(text, "utf8").toString("base64"), sha: sha1(text) };
  r.files.set(c.p.path!, file);
  sendJson(c.ctx, existing ? 200 : 201, { content: { name: c.p.path!.split("/").at(-1), path: c.p.path, sha: file.sha, type: "file" }, commit: { sha: sha1(`${c.p.path}:${file.sha}:${c.now}`), message: c.body.message } });
});

// Collaborators and invitations.
on("PUT", "/repos/{owner}/{repo}/collaborators/{username}", "account", (c) => {
  const r = repoOf(c, c.p.owner!, c.p.repo!);
  if (!r) return notFound(c.ctx);
  if (!writable(c, r)) return;
  const u = c.state.users.get(c.p.username!.toLowerCase());
  if (!u) return notFound(c.ctx);
  const permission = typeof c.body.permission === "string" ? c.body.permission : "push";
  const member = r.collaborators.get(u.login.toLowerCase());
  if (member) {
    member.permission = permission;
    return sendEmpty(c.ctx, 204);
  }
  // A pending invitation is updated, not doubled, as GitHub does.
  let invitation = [...r.invitations.values()].find((i) => i.login.toLowerCase() === u.login.toLowerCase());
  if (invitation) invitation.permission = permission;
  else {
    invitation = { id: c.state.nextId++, login: u.login, permission, createdAt: new Date(c.now).toISOString() };
    r.invitations.set(invitation.id, invitation);
  }
  sendJson(c.ctx, 201, invitationView(c.ctx, r, invitation, u));
});
on("DELETE", "/repos/{owner}/{repo}/collaborators/{username}", "account", (c) => {
  const r = repoOf(c, c.p.owner!, c.p.repo!);
  if (!r) return notFound(c.ctx);
  if (!writable(c, r)) return;
  r.collaborators.delete(c.p.username!.toLowerCase());
  sendEmpty(c.ctx, 204);
});
on("GET", "/repos/{owner}/{repo}/invitations", "account", (c) => {
  const r = repoOf(c, c.p.owner!, c.p.repo!);
  if (!r) return notFound(c.ctx);
  sendJson(c.ctx, 200, [...r.invitations.values()].map((i) => invitationView(c.ctx, r, i, c.state.users.get(i.login.toLowerCase()))));
});
on("DELETE", "/repos/{owner}/{repo}/invitations/{invitation_id}", "account", (c) => {
  const r = repoOf(c, c.p.owner!, c.p.repo!);
  if (!r || !r.invitations.delete(Number(c.p.invitation_id))) return notFound(c.ctx);
  sendEmpty(c.ctx, 204);
});

// Teams.
const teamOf = (c: Call) => (ownsOrg(c, c.p.org!) ? c.state.teams.get(c.p.team_slug!.toLowerCase()) : undefined);
on("GET", "/orgs/{org}/teams/{team_slug}", "account", (c) => {
  const t = teamOf(c);
  if (!t) return notFound(c.ctx);
  sendJson(c.ctx, 200, teamView(c.ctx, t));
});
on("POST", "/orgs/{org}/teams", "account", (c) => {
  if (!ownsOrg(c, c.p.org!)) return notFound(c.ctx);
  const name = String(c.body.name);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (c.state.teams.has(slug)) return unprocessable(c.ctx, "Validation Failed", [{ resource: "Team", code: "custom", field: "name", message: "Name must be unique for this org" }]);
  const t = { id: c.state.nextId++, name, slug, description: typeof c.body.description === "string" ? c.body.description : "", privacy: typeof c.body.privacy === "string" ? c.body.privacy : "secret", members: new Map(), repos: new Map() };
  c.state.teams.set(slug, t);
  sendJson(c.ctx, 201, teamView(c.ctx, t));
});
on("PUT", "/orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}", "account", (c) => {
  const t = teamOf(c);
  const r = repoOf(c, c.p.owner!, c.p.repo!);
  if (!t || !r) return notFound(c.ctx);
  t.repos.set(`${r.owner}/${r.name}`, typeof c.body.permission === "string" ? c.body.permission : "push");
  sendEmpty(c.ctx, 204);
});
on("PUT", "/orgs/{org}/teams/{team_slug}/memberships/{username}", "account", (c) => {
  const t = teamOf(c);
  const u = c.state.users.get(c.p.username!.toLowerCase());
  if (!t || !u) return notFound(c.ctx);
  const m = t.members.get(u.login.toLowerCase()) ?? { login: u.login, state: "pending" as const };
  t.members.set(u.login.toLowerCase(), m);
  sendJson(c.ctx, 200, { url: `${c.ctx.rt.url}/github/orgs/${c.p.org}/teams/${t.slug}/memberships/${u.login}`, role: "member", state: m.state });
});
on("DELETE", "/orgs/{org}/teams/{team_slug}/memberships/{username}", "account", (c) => {
  const t = teamOf(c);
  if (!t || !t.members.delete(c.p.username!.toLowerCase())) return notFound(c.ctx);
  sendEmpty(c.ctx, 204);
});

export async function handleApi(ctx: Ctx): Promise<void> {
  const path = ctx.subpath;
  const hit = routes.map((r) => ({ r, p: r.method === ctx.method ? r.match(path) : null })).find((x) => x.p);
  const spec = await githubSpec(ctx.rt);
  const op = spec?.operation(ctx.method, path);
  if (!hit) {
    record(ctx, op ? `github ${op.id}` : null);
    return op ? apiError(ctx, 501, `The sandbox does not emulate ${op.id}`) : notFound(ctx);
  }
  // Tokens and JWTs are real time, not the sandbox's clock: the app signs with its own.
  const state = GITHUB_STATE.of(ctx.rt);
  const now = Date.now();
  const caller = identify(ctx, state, now);
  record(ctx, op ? `github ${op.id}` : `github ${hit.r.method} ${hit.r.template}`);
  if ("refused" in caller) return apiError(ctx, 401, caller.refused);
  if (hit.r.as === "app" && caller.kind !== "app") return apiError(ctx, 401, "A JSON web token could not be decoded");
  if (hit.r.as === "account" && caller.kind === "app") return apiError(ctx, 403, "Resource not accessible by integration");
  const body = ctx.body.kind === "json" && typeof ctx.body.value === "object" && ctx.body.value !== null ? (ctx.body.value as Body) : {};
  if (ctx.body.kind === "invalid") return apiError(ctx, 400, "Problems parsing JSON");
  if (spec && op) {
    const outcome = spec.validate(op, { query: Object.fromEntries(ctx.url.searchParams), headers: ctx.req.headers, body: ctx.body.kind === "json" ? ctx.body.value : undefined });
    record(ctx, `github ${op.id}`, outcome);
    if (outcome.issues.length) {
      const detail = outcome.issues.map((i) => `For '${i.path || "body"}': ${i.message}`).join("\n");
      return apiError(ctx, 422, `Invalid request.\n\n${detail}`, { errors: outcome.issues.map((i) => ({ resource: "Request", field: i.path, code: i.rule, message: i.message })) });
    }
  } else record(ctx, `github ${hit.r.method} ${hit.r.template}`);
  hit.r.handle({ ctx, state, caller, p: hit.p!, body, now });
}

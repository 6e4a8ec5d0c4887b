// Resources as GitHub's REST API shows them (the fields our client and GitHub's
// own SDKs read).
import type { Ctx } from "../core/context";
import type { GithubUser, Installation, Invitation, Repo, Team } from "./state";
import { orgView } from "./notify";
import { GITHUB_STATE, SANDBOX_APP } from "./state";

export const site = (ctx: Ctx) => `${ctx.rt.url}/github`;

export function userView(ctx: Ctx, u: GithubUser) {
  return { login: u.login, id: u.id, node_id: `U_${u.id}`, type: "User", site_admin: false, name: u.name, html_url: `${site(ctx)}/${u.login}`, url: `${site(ctx)}/users/${u.login}` };
}

export function repoView(ctx: Ctx, r: Repo) {
  const org = GITHUB_STATE.of(ctx.rt).org;
  return {
    id: r.id,
    node_id: `R_${r.id}`,
    name: r.name,
    full_name: `${r.owner}/${r.name}`,
    owner: { login: r.owner, id: org.id, type: "Organization" },
    private: r.private,
    visibility: r.private ? "private" : "public",
    html_url: `${site(ctx)}/${r.owner}/${r.name}`,
    url: `${site(ctx)}/repos/${r.owner}/${r.name}`,
    description: r.description,
    archived: r.archived,
    is_template: r.isTemplate,
    default_branch: "main",
    created_at: r.createdAt,
    template_repository: r.fromTemplate ? { full_name: r.fromTemplate } : null,
  };
}

export function invitationView(ctx: Ctx, r: Repo, i: Invitation, invitee: GithubUser | undefined) {
  return {
    id: i.id,
    node_id: `RI_${i.id}`,
    repository: repoView(ctx, r),
    invitee: invitee ? userView(ctx, invitee) : null,
    permissions: i.permission === "pull" ? "read" : i.permission === "push" ? "write" : i.permission,
    created_at: i.createdAt,
    url: `${site(ctx)}/repos/${r.owner}/${r.name}/invitations/${i.id}`,
    html_url: `${site(ctx)}/${r.owner}/${r.name}/invitations`,
  };
}

export function teamView(ctx: Ctx, t: Team) {
  const org = GITHUB_STATE.of(ctx.rt).org;
  return { id: t.id, node_id: `T_${t.id}`, name: t.name, slug: t.slug, description: t.description, privacy: t.privacy, permission: "pull", html_url: `${site(ctx)}/orgs/${org.login}/teams/${t.slug}`, url: `${site(ctx)}/orgs/${org.login}/teams/${t.slug}` };
}

export function installationView(ctx: Ctx, i: Installation) {
  const state = GITHUB_STATE.of(ctx.rt);
  // An installation made through the control API may be on an account other than the sandbox's organization.
  const ours = i.account.toLowerCase() === state.org.login.toLowerCase();
  const account = ours ? orgView(state) : { login: i.account, id: 8000000 + i.id, type: "Organization", url: `https://api.github.com/orgs/${i.account}` };
  return {
    id: i.id,
    account,
    app_id: SANDBOX_APP.id,
    app_slug: SANDBOX_APP.slug,
    target_type: "Organization",
    target_id: account.id,
    repository_selection: "all",
    permissions: { administration: "write", contents: "write", members: "write", metadata: "read" },
    events: ["member", "push"],
    suspended_at: i.suspendedAt,
    created_at: new Date(ctx.rt.clock.now()).toISOString(),
    html_url: `${site(ctx)}/organizations/${i.account}/settings/installations/${i.id}`,
  };
}

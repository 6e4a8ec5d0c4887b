// The demo App's install page (github.com/apps/<slug>/installations/new): the person
// picks the organization and installs; GitHub then sends them to the App's setup URL
// with installation_id, setup_action and the state it was given, and tells the App
// by an installation.created webhook. The sandbox's App takes its setup URL from the
// redirect_uri the app passes along (GitHub reads it from the App's settings), and
// sends webhooks to /api/webhooks/github at the same origin. The App asks for user
// authorization during installation, so GitHub also sends a one-time code for the
// person who installed: the page is signed in as the organization's owner, or as
// whoever ?login= names (an existing sandbox user), to try someone else.
import { first, type Ctx } from "../core/context";
import { html } from "../core/html";
import { record } from "../core/record";
import { redirect, sendHtml } from "../core/respond";
import { consentPage, errorPage, isAbsoluteUrl, withParams } from "../oauth/consent";
import { sendWebhook, orgView } from "./notify";
import { GITHUB_STATE, SANDBOX_ADMIN, SANDBOX_APP, type Installation } from "./state";
import { issueUserCode } from "./user-auth";

const ACTION = `/github/apps/${SANDBOX_APP.slug}/installations/new`;

export function handleInstall(ctx: Ctx, slug: string): void {
  record(ctx, "github apps.install");
  if (slug !== SANDBOX_APP.slug) return sendHtml(ctx, 404, errorPage("GitHub: no such App", `The sandbox's only App is ${SANDBOX_APP.slug}.`));
  const source = ctx.method === "POST" && ctx.body.kind === "form" ? ctx.body.value : ctx.query;
  const state = first(source.state);
  const redirectUri = first(source.redirect_uri);
  if (!isAbsoluteUrl(redirectUri)) return sendHtml(ctx, 400, errorPage("GitHub: App not set up", "The App has no setup URL (the sandbox takes it from redirect_uri)."));
  const gh = GITHUB_STATE.of(ctx.rt);
  const person = gh.users.get((first(source.login) ?? SANDBOX_ADMIN).toLowerCase());
  if (!person) return sendHtml(ctx, 400, errorPage("GitHub: no such user", `The sandbox knows no GitHub user ${first(source.login) ?? ""}; add one through the control API.`));
  if (ctx.method === "GET") {
    const hidden: Record<string, string> = { redirect_uri: redirectUri, login: person.login };
    if (state !== undefined) hidden.state = state;
    return sendHtml(
      ctx,
      200,
      consentPage({
        title: `Install ${SANDBOX_APP.name} on ${gh.org.login}`,
        account: `${person.login}, installing on ${gh.org.name} (${gh.org.login}), all repositories`,
        action: ACTION,
        scopes: [
          { name: "administration:write", description: "Create repositories, archive them" },
          { name: "contents:write", description: "Write the README and issue templates" },
          { name: "members:write", description: "Invite collaborators, manage teams" },
        ],
        hidden,
      }),
    );
  }
  if (first(source.decision) !== "allow") return redirect(ctx, withParams(redirectUri, { state }));
  // Installing again on the same organization reuses the live installation, as GitHub shows "Configure" then.
  let inst = [...gh.installations.values()].find((i) => !i.deleted && i.account === gh.org.login);
  const created = !inst;
  if (!inst) {
    inst = { id: gh.nextId++, account: gh.org.login, suspendedAt: null, deleted: false, admins: [...new Set([SANDBOX_ADMIN, person.login.toLowerCase()])] } satisfies Installation;
    gh.installations.set(inst.id, inst);
  }
  gh.app.webhookUrl ??= `${new URL(redirectUri).origin}/api/webhooks/github`;
  if (created) void sendWebhook(ctx.rt, gh, { event: "installation", installationId: inst.id, body: { action: "created", sender: { login: person.login }, account: orgView(gh) } }).catch(() => undefined);
  else if (!inst.admins.includes(person.login.toLowerCase())) inst.admins.push(person.login.toLowerCase());
  const code = issueUserCode(gh, person.login, Date.now());
  redirect(ctx, withParams(redirectUri, { code, installation_id: String(inst.id), setup_action: created ? "install" : "update", state }));
}

export const installNote = html`<p class="muted small">Install page: /github/apps/${SANDBOX_APP.slug}/installations/new</p>`;

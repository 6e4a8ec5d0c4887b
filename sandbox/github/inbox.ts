// The inbox's GitHub section: each repository with where it came from, its
// collaborators and pending invitations, teams, pushes and whether it is archived;
// the App's installations and the webhooks it sent.
import { html, type Raw } from "../core/html";
import type { GithubState, Repo } from "./state";

const made = (state: GithubState) => [...state.repos.values()].filter((r) => !r.isTemplate);

function repoJson(r: Repo) {
  return {
    fullName: `${r.owner}/${r.name}`,
    description: r.description,
    private: r.private,
    fromTemplate: r.fromTemplate,
    archived: r.archived,
    files: [...r.files.keys()],
    readme: r.files.get("README.md") ? Buffer.from(r.files.get("README.md")!.content, "base64").toString("utf8") : null,
    collaborators: [...r.collaborators.values()],
    invitations: [...r.invitations.values()].map((i) => ({ id: i.id, login: i.login, permission: i.permission })),
    pushes: r.pushes,
  };
}

export function githubInbox(state: GithubState) {
  return {
    org: state.org.login,
    tokensMinted: state.tokensMinted,
    installations: [...state.installations.values()],
    repositories: made(state).map(repoJson),
    teams: [...state.teams.values()].map((t) => ({ slug: t.slug, name: t.name, members: [...t.members.values()], repos: Object.fromEntries(t.repos) })),
    webhooks: state.app.sent,
  };
}

export function githubSection(state: GithubState): Raw {
  const repos = made(state).reverse();
  const rows = repos.map((r) => {
    const people = [
      ...[...r.collaborators.values()].map((c) => html`<li>${c.login} <span class="badge ok">${c.permission}</span></li>`),
      ...[...r.invitations.values()].map((i) => html`<li>${i.login} <span class="badge warn">invited · ${i.permission}</span></li>`),
    ];
    return html`<tr>
      <td><strong>${r.owner}/${r.name}</strong><br><span class="muted small">${r.description}</span></td>
      <td>${r.fromTemplate ?? "empty"}</td>
      <td>${people.length ? html`<ul class="people">${people}</ul>` : html`<span class="muted">nobody yet</span>`}</td>
      <td>${r.pushes}</td>
      <td>${r.archived ? html`<span class="badge">archived</span>` : html`<span class="badge ok">active</span>`}</td></tr>`;
  });
  const teams = [...state.teams.values()].map((t) => html`<li>${t.name}: ${[...t.members.values()].map((m) => `${m.login} (${m.state})`).join(", ") || "no members"}</li>`);
  const installs = [...state.installations.values()].map((i) => html`<li>#${i.id} on ${i.account}${i.deleted ? " · deleted" : i.suspendedAt ? " · suspended" : ""}</li>`);
  const sent = state.app.sent.slice(-10).reverse().map((w) => html`<li>${w.event}${w.action ? `.${w.action}` : ""} (${w.signature}) → ${w.status ?? w.error ?? "pending"}</li>`);
  return html`<p class="muted small">Organization ${state.org.login} · installation tokens minted: ${state.tokensMinted} · webhooks to ${state.app.webhookUrl ?? "(no App installed yet)"}</p>
    ${repos.length ? html`<table><thead><tr><th>Repository</th><th>From template</th><th>Collaborators and invitations</th><th>Commits pushed</th><th>State</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No repositories yet.</p>`}
    ${teams.length ? html`<h3>Teams</h3><ul>${teams}</ul>` : ""}
    ${installs.length ? html`<h3>App installations</h3><ul>${installs}</ul>` : ""}
    ${sent.length ? html`<h3>Webhooks sent</h3><ul>${sent}</ul>` : ""}`;
}

// The inbox's LinkedIn section: the posts made, with who posted them and the link card.
import { html, type Raw } from "../core/html";
import type { LinkedInState } from "./state";

/** The commentary as LinkedIn shows it: little text with its escapes undone. */
export function shown(commentary: string): string {
  return commentary.replace(/\\([\s\S])/g, "$1");
}

function authorName(state: LinkedInState, author: string): string {
  const org = /^urn:li:organization:(\d+)$/.exec(author);
  if (org) return state.organizations.get(Number(org[1]))?.localizedName ?? author;
  return state.member.name;
}

export function linkedinInbox(state: LinkedInState) {
  return {
    member: { sub: state.member.sub, name: state.member.name },
    organizations: [...state.organizations.values()],
    posts: [...state.posts.values()].map((p) => ({ urn: p.urn, author: p.author, authorName: authorName(state, p.author), text: shown(p.commentary), article: p.article, createdAt: p.createdAt, deleted: p.deleted })),
  };
}

export function linkedinSection(state: LinkedInState): Raw {
  const posts = [...state.posts.values()].reverse();
  const rows = posts.map(
    (p) => html`<tr class="${p.deleted ? "deleted" : ""}"><td>${p.createdAt.slice(0, 19).replace("T", " ")}</td><td>${authorName(state, p.author)}</td>
      <td class="post-text">${shown(p.commentary)}${p.article ? html`<br><span class="muted small">Link card: ${p.article.title ?? ""} ${p.article.source}</span>` : ""}</td><td>${p.deleted ? "deleted" : p.visibility.toLowerCase()}</td></tr>`,
  );
  return html`<p class="muted small">${state.member.name} · administers ${[...state.organizations.values()].filter((o) => o.memberIsAdmin).map((o) => o.localizedName).join(", ") || "no pages"}</p>
    ${posts.length ? html`<table><thead><tr><th>When</th><th>Author</th><th>Post</th><th>State</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No posts yet.</p>`}`;
}

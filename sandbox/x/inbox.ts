// The inbox's X section: the account's posts, newest first.
import { html, type Raw } from "../core/html";
import type { XState } from "./state";

export function xInbox(state: XState) {
  return {
    user: state.user,
    posts: [...state.posts.values()].map((p) => ({ id: p.id, text: p.text, createdAt: p.createdAt, deleted: p.deleted })),
  };
}

export function xSection(state: XState): Raw {
  const posts = [...state.posts.values()].reverse();
  const rows = posts.map((p) => html`<tr class="${p.deleted ? "deleted" : ""}"><td>${p.createdAt.slice(0, 19).replace("T", " ")}</td><td class="post-text">${p.text}</td><td>${p.deleted ? "deleted" : "posted"}</td></tr>`);
  return html`<p class="muted small">${state.user.name} (@${state.user.username})</p>
    ${posts.length ? html`<table><thead><tr><th>When</th><th>Post</th><th>State</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No posts yet.</p>`}`;
}

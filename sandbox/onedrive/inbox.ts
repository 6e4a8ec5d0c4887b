// The inbox's OneDrive section: every folder with its files (how each arrived:
// one PUT or an upload session's chunks), the people each is shared with, and
// its sharing links; what is in the recycle bin is struck through.
import { html, type Raw } from "../core/html";
import { formatSize } from "./format";
import { pathOf } from "./items";
import { sharedWith } from "./sharing";
import type { DriveItem, OneDriveState } from "./state";

function itemJson(state: OneDriveState, i: DriveItem) {
  return {
    id: i.id,
    name: i.name,
    kind: i.kind,
    path: `${pathOf(state, i).replace(/^\/drive\/root:/, "")}/${i.name}`,
    parentId: i.parentId,
    size: i.content?.length ?? 0,
    mimeType: i.mimeType,
    uploadedIn: i.uploadedIn,
    permissions: i.permissions.map((p) => ({ id: p.id, email: p.email, roles: p.roles, link: p.link })),
    sharedWith: sharedWith(state, i),
    deletedAt: i.deletedAt,
  };
}

export function onedriveInbox(state: OneDriveState) {
  return {
    user: { id: state.user.id, mail: state.user.mail },
    items: [...state.items.values()].filter((i) => i.parentId).map((i) => itemJson(state, i)),
    uploadSessions: [...state.uploads.values()].map((s) => ({ name: s.name, received: s.next, total: s.total, chunks: s.chunks })),
  };
}

export function onedriveSection(state: OneDriveState): Raw {
  const folders = [...state.items.values()].filter((i) => i.kind === "folder" && i.parentId).reverse();
  const files = (f: DriveItem) => [...state.items.values()].filter((i) => i.parentId === f.id && i.kind === "file");
  const rows = folders.map((f) => {
    const links = f.permissions.filter((p) => p.link).map((p) => html`<a href="${p.link!.webUrl}">${p.link!.type} link (${p.link!.scope})</a>`);
    const list = files(f).map(
      (i) => html`<li class="${i.deletedAt ? "deleted" : ""}">${i.name} <span class="muted small">${formatSize(i.content?.length ?? 0)}${i.uploadedIn?.via === "session" ? `, upload session in ${i.uploadedIn.chunks} chunks` : ""}</span></li>`,
    );
    return html`<tr class="${f.deletedAt ? "deleted" : ""}">
      <td>${`${pathOf(state, f).replace(/^\/drive\/root:/, "")}/${f.name}`}</td>
      <td>${list.length ? html`<ul>${list}</ul>` : html`<span class="muted">empty</span>`}</td>
      <td>${f.permissions.filter((p) => p.email).map((p) => `${p.email} (${p.roles.join(", ")})`).join(", ")}</td>
      <td>${links}</td>
      <td>${f.deletedAt ? "in the recycle bin" : "kept"}</td></tr>`;
  });
  return html`<p class="muted small">${state.user.mail}</p>
    ${folders.length ? html`<table><thead><tr><th>Folder</th><th>Files</th><th>Shared with</th><th>Links</th><th>State</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No folders yet.</p>`}`;
}

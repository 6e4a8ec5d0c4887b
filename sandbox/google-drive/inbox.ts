// The inbox's Drive section: each folder with the files in it and who it is
// shared with (and whether Google would have e-mailed them), then loose files.
import { html, type Raw } from "../core/html";
import { formatSize } from "./pages";
import { FOLDER_MIME, type DriveFile, type DriveState } from "./state";

function shares(f: DriveFile) {
  return f.permissions.map((p) => ({ email: p.emailAddress, type: p.type, role: p.role, notified: p.notified }));
}

export function driveInbox(state: DriveState) {
  const items = [...state.files.values()];
  return {
    account: state.user.emailAddress,
    items: items.map((f) => ({
      id: f.id,
      name: f.name,
      mimeType: f.mimeType,
      folder: f.mimeType === FOLDER_MIME,
      parents: f.parents,
      size: f.content?.length ?? null,
      uploadType: f.uploadType,
      appProperties: f.appProperties,
      sharedWith: shares(f),
      createdBy: f.createdBy,
    })),
  };
}

export function folderCount(state: DriveState): number {
  return [...state.files.values()].filter((f) => f.mimeType === FOLDER_MIME).length;
}

function path(state: DriveState, f: DriveFile): string {
  const names: string[] = [];
  let at: DriveFile | undefined = f;
  for (let depth = 0; at && depth < 20; depth++) {
    names.unshift(at.name);
    at = state.files.get(at.parents[0] ?? "");
  }
  return `My Drive / ${names.join(" / ")}`;
}

export function driveSection(state: DriveState): Raw {
  const all = [...state.files.values()];
  const folders = all.filter((f) => f.mimeType === FOLDER_MIME);
  if (!all.length) return html`<p class="empty">No files in ${state.user.emailAddress}'s Drive yet.</p>`;
  const blocks = folders.map((folder) => {
    const inside = all.filter((f) => f.parents.includes(folder.id) && f.mimeType !== FOLDER_MIME);
    const people = folder.permissions.map((p) => html`<li>${p.emailAddress ?? p.domain ?? "anyone with the link"} · ${p.role}${p.notified ? " · e-mailed" : ""}</li>`);
    return html`<h3><a href="/google-drive/drive/folders/${folder.id}">${path(state, folder)}</a></h3>
      ${inside.length ? html`<table><thead><tr><th>File</th><th>Type</th><th>Size</th><th>Upload</th></tr></thead><tbody>${inside.map((f) => html`<tr><td><a href="/google-drive/file/d/${f.id}/view">${f.name}</a></td><td>${f.mimeType}</td><td>${formatSize(f.content?.length ?? 0)}</td><td>${f.uploadType ?? ""}</td></tr>`)}</tbody></table>` : html`<p class="muted small">No files in it.</p>`}
      <p class="small"><strong>Shared with:</strong> ${people.length ? html`<ul>${people}</ul>` : html`<span class="muted">nobody but the owner</span>`}</p>`;
  });
  const loose = all.filter((f) => f.mimeType !== FOLDER_MIME && !f.parents.some((p) => state.files.get(p)?.mimeType === FOLDER_MIME));
  return html`<p class="muted small">${state.user.emailAddress}</p>${blocks}
    ${loose.length ? html`<h3>My Drive</h3><ul>${loose.map((f) => html`<li>${f.name} (${formatSize(f.content?.length ?? 0)})</li>`)}</ul>` : ""}`;
}

// The links Drive answers with (webViewLink), opened on the sandbox: a folder's
// page lists what is in it and who it is shared with; a file's downloads it.
import type { Ctx } from "../core/context";
import { html, page } from "../core/html";
import { record } from "../core/record";
import { sendFile, sendHtml } from "../core/respond";
import { DRIVE_STATE, FOLDER_MIME } from "./state";

export function formatSize(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;
}

export function folderPage(ctx: Ctx, id: string): void {
  record(ctx, "drive folder page");
  const state = DRIVE_STATE.of(ctx.rt);
  const folder = state.files.get(id);
  if (!folder || folder.mimeType !== FOLDER_MIME) return sendHtml(ctx, 404, page("Not found", html`<h1>This folder does not exist</h1>`));
  const inside = [...state.files.values()].filter((f) => f.parents.includes(id));
  sendHtml(
    ctx,
    200,
    page(
      folder.name,
      html`<div style="max-width:640px;margin:32px auto"><h1>${folder.name}</h1>
        <ul>${inside.map((f) => html`<li>${f.mimeType === FOLDER_MIME ? html`<a href="/google-drive/drive/folders/${f.id}">${f.name}/</a>` : html`<a href="/google-drive/file/d/${f.id}/view">${f.name}</a> (${formatSize(f.content?.length ?? 0)})`}</li>`)}</ul>
        <p class="muted">Shared with: ${folder.permissions.map((p) => p.emailAddress ?? p.type).join(", ") || "nobody"}. Local sandbox: no real Drive is involved.</p></div>`,
    ),
  );
}

export function filePage(ctx: Ctx, id: string): void {
  record(ctx, "drive file page");
  const f = DRIVE_STATE.of(ctx.rt).files.get(id);
  if (!f?.content) return sendHtml(ctx, 404, page("Not found", html`<h1>This file does not exist</h1>`));
  sendFile(ctx, f.mimeType, f.name, f.content);
}

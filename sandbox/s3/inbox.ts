// The inbox's S3 section: each bucket with its objects, newest first, its CORS
// origins and uploads in progress, and the access keys (ids and rights, never secrets).
import { html, type Raw } from "../core/html";
import type { S3State } from "./state";

const newestFirst = (state: S3State, bucket: string) => [...(state.buckets.get(bucket)?.objects.values() ?? [])].sort((a, b) => b.lastModifiedMs - a.lastModifiedMs || a.key.localeCompare(b.key));

export function s3Inbox(state: S3State) {
  return {
    buckets: [...state.buckets.values()].map((b) => ({
      name: b.name,
      region: b.region,
      cors: b.cors,
      uploadsInProgress: b.uploads.size,
      objects: newestFirst(state, b.name).map((o) => ({ key: o.key, size: o.body.length, contentType: o.contentType, etag: o.etag, lastModified: new Date(o.lastModifiedMs).toISOString(), metadata: o.metadata })),
    })),
    keys: [...state.keys.values()].map((k) => ({ accessKeyId: k.id, buckets: k.buckets, access: k.access })),
  };
}

function size(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function s3Section(state: S3State): Raw {
  const buckets = [...state.buckets.values()].map((b) => {
    const objects = newestFirst(state, b.name);
    const rows = objects.map((o) => html`<tr><td><code>${o.key}</code></td><td class="num">${size(o.body.length)}</td><td>${o.contentType}</td><td>${new Date(o.lastModifiedMs).toISOString()}</td></tr>`);
    const origins = (b.cors ?? []).flatMap((r) => r.allowedOrigins);
    return html`<div class="card"><h3>${b.name} <span class="muted small">${b.region} · ${objects.length} object(s)${b.uploads.size ? ` · ${b.uploads.size} multipart upload(s) in progress` : ""}</span></h3>
      <p class="muted small">CORS: ${origins.length ? origins.join(", ") : "none (browsers cannot reach this bucket)"}</p>
      ${objects.length ? html`<table><thead><tr><th>Key</th><th>Size</th><th>Content type</th><th>Last modified</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="empty">No objects yet.</p>`}</div>`;
  });
  const keys = [...state.keys.values()].map((k) => html`<li><code>${k.id}</code> · ${k.access} · ${k.buckets.join(", ")}</li>`);
  return html`${buckets}<h3>Access keys</h3><ul>${keys}</ul>`;
}

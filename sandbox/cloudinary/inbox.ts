// The inbox's Cloudinary section: each environment's images with their public
// id, size, a thumbnail, and the transformations the app asked for in delivery
// URLs (shown, not applied: the sandbox serves the stored bytes unresized).
import { html, type Raw } from "../core/html";
import type { Runtime } from "../core/context";
import { formatSize } from "./size";
import { deliveryUrl } from "./assets";
import type { CloudinaryState } from "./state";

export function cloudinaryInbox(state: CloudinaryState) {
  return {
    clouds: [...state.clouds.values()].map((c) => ({ name: c.name, apiKey: c.apiKey })),
    assets: [...state.assets.values()].map((a) => ({
      cloud: a.cloud,
      publicId: a.publicId,
      format: a.format,
      bytes: a.bytes.length,
      version: a.version,
      createdAt: a.createdAt,
      transformations: [...new Set(a.deliveries.map((d) => d.transformation))],
      deliveries: a.deliveries.map((d) => ({ at: d.at, transformation: d.transformation, signed: d.signed })),
    })),
    destroyed: state.destroyed.map((d) => ({ ...d })),
  };
}

export function cloudinarySection(state: CloudinaryState, rt: Runtime): Raw {
  const assets = [...state.assets.values()].reverse();
  const rows = assets.map((a) => {
    const transformations = [...new Set(a.deliveries.map((d) => d.transformation || "(original)"))];
    return html`<tr>
      <td><img class="cld-thumb" src="${deliveryUrl(rt, a)}?sandbox=inbox" alt="" loading="lazy"></td>
      <td><code>${a.publicId}</code><br><span class="muted small">${a.cloud} · v${a.version}</span></td>
      <td>${a.format} · ${formatSize(a.bytes.length)}</td>
      <td>${transformations.length ? transformations.map((t) => html`<code>${t}</code><br>`) : html`<span class="muted">not delivered yet</span>`}</td></tr>`;
  });
  const removed = state.destroyed.slice(-10).reverse().map((d) => html`<li><code>${d.publicId}</code> (${d.cloud}) at ${d.at}</li>`);
  return html`<p class="muted small">Delivery URLs serve the stored image as uploaded: transformations (w_, c_limit, f_auto, q_auto…) are recorded here, not applied.</p>
    ${assets.length ? html`<table><thead><tr><th></th><th>Public id</th><th>Format, size</th><th>Transformations requested</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No images yet.</p>`}
    ${removed.length ? html`<h3>Destroyed</h3><ul>${removed}</ul>` : ""}`;
}

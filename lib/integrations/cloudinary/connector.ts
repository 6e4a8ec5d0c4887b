// Cloudinary: keeps the organization's event cover images and serves them in
// responsive sizes. Connecting proves the cloud name, API key and secret with the
// Admin API's ping (Basic auth) and a signed test upload that is removed again.
import { randomUUID } from "node:crypto";
import { defineConnector } from "../contract";
import { cloudinary, sdkCall, uploadBytes } from "./client";
import { classifyCloudinaryError } from "./errors";
import { manifest, type CloudinaryContext } from "./manifest";
import { cloudinaryStorage } from "./storage";

/** A 1×1 transparent PNG: the smallest image Cloudinary takes. */
const PROBE = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

async function probeUploadAndRemove(ctx: CloudinaryContext): Promise<void> {
  // Outside every organization's prefix, so it can never be taken for a file.
  const publicId = `switchboard-connection-test/${randomUUID()}`;
  await sdkCall(ctx, "upload (connection test)", (o) => uploadBytes(PROBE, { ...o, public_id: publicId, overwrite: true, resource_type: "image", type: "upload" }));
  await sdkCall(ctx, "destroy (connection test)", (o) => cloudinary.uploader.destroy(publicId, { ...o, resource_type: "image", type: "upload", invalidate: true }));
}

export const connector = defineConnector(manifest, {
  classifyError: classifyCloudinaryError,
  async testConnection(ctx) {
    await sdkCall(ctx, "ping", (o) => cloudinary.api.ping(o));
    await probeUploadAndRemove(ctx);
    const cloud = ctx.credentials.cloudName;
    return {
      account: { id: cloud, name: cloud },
      detail:
        `Connected to the Cloudinary cloud "${cloud}": the API key and secret work, and a test image was uploaded and removed. ` +
        "New event cover images are kept there while the connection is enabled, and shown in responsive sizes on the public event page.",
    };
  },
  storage: cloudinaryStorage,
  handlers: {},
});

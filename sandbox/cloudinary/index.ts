// Cloudinary under /cloudinary: the Upload and Admin APIs at /cloudinary/v1_1/<cloud>/…
// (the SDK's upload_prefix) and delivery URLs at /cloudinary/<cloud>/image/upload/…
// (the SDK's cname, or secure_distribution over https). Cloudinary publishes no API
// description in ../shared/specs: parameters are checked with zod (inputs.ts).
import { keyCredentials } from "../core/key-credentials";
import { defineProvider } from "../core/provider-module";
import { record } from "../core/record";
import { handleApi } from "./api";
import { CLOUDINARY_CONTROL } from "./control";
import { handleDelivery } from "./delivery";
import { apiError, deliveryError, faultMessage, rateLimitHeaders, rateLimitMessage } from "./errors";
import { cloudinaryInbox, cloudinarySection } from "./inbox";
import { ADMIN_CALLS_PER_HOUR, CLOUDINARY_STATE } from "./state";

const CSS = `img.cld-thumb{max-width:96px;max-height:72px;border:1px solid #dfe3ec;border-radius:4px;background:#f7f8fb}`;

const isApi = (subpath: string) => subpath.startsWith("/v1_1/");

export const cloudinaryModule = defineProvider({
  name: "cloudinary",
  state: CLOUDINARY_STATE,
  // No published spec: parameters are checked with zod schemas written from Cloudinary's API reference.
  specs: [],
  credentials: keyCredentials,
  control: CLOUDINARY_CONTROL,
  // Cloudinary signals its limits with X-FeatureRateLimit-* and the message, not Retry-After.
  retryAfterOn429: false,
  inbox: {
    json: cloudinaryInbox,
    section: {
      anchor: "images",
      label: "Images",
      note: "Cloudinary",
      count: (state) => state.assets.size,
      render: (state, rt) => cloudinarySection(state, rt),
      css: CSS,
      links: [["/_sandbox/cloudinary/clouds", "Cloudinary environments (JSON)"]],
    },
  },
  async handle(ctx) {
    const segments = ctx.subpath.split("/").filter(Boolean);
    if (segments[0] === "v1_1" && segments.length >= 3) return handleApi(ctx, segments[1]!, segments.slice(2).join("/"));
    if (segments.length >= 4 && segments[1] === "image" && segments[2] === "upload") return handleDelivery(ctx, segments[0]!, segments.slice(3));
    record(ctx, null);
    if (isApi(ctx.subpath)) return apiError(ctx, 404, "Not found");
    deliveryError(ctx, 404, "Resource not found");
  },
  fail(ctx, status, retryAfterSeconds) {
    if (!isApi(ctx.subpath)) return deliveryError(ctx, status, faultMessage(status));
    if (status === 420 || status === 429) {
      // Cloudinary's window is the hour; a fault asking for a Retry-After sets the reset to it.
      const nowMs = ctx.rt.clock.now();
      const resetMs = retryAfterSeconds !== undefined ? nowMs + retryAfterSeconds * 1000 : nowMs - (nowMs % 3_600_000) + 3_600_000;
      const headers = { ...rateLimitHeaders(ADMIN_CALLS_PER_HOUR, 0, resetMs), ...(retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {}) };
      return apiError(ctx, status, rateLimitMessage(ADMIN_CALLS_PER_HOUR, resetMs), headers);
    }
    apiError(ctx, status, faultMessage(status));
  },
});

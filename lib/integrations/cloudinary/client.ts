// The official Cloudinary SDK (v2), configured per call and never globally: every
// organization has its own cloud, so cloud name, key and secret travel in each
// call's options, with the API host (upload_prefix) of the connection's mode.
// Every call runs inside the connection's policy (ctx.call), and what the SDK
// rejects with (a plain object holding the request's options, Basic auth
// included) becomes a CloudinaryApiError before it can reach a log.
import http from "node:http";
import { v2 as cloudinary, type UploadApiOptions, type UploadApiResponse } from "cloudinary";
import { CloudinaryApiError } from "./errors";
import type { CloudinaryContext } from "./manifest";

// The SDK chooses node:https when it loads (unless a process-wide config says
// http); a plain-http agent lets the same SDK speak to the local sandbox. No
// keep-alive: a restarted sandbox would leave it holding dead sockets.
const plainHttp = new http.Agent();

/** Below the policy's own timeout, so a hung socket ends too. */
const SDK_TIMEOUT_MS = 20_000;

export interface ApiOptions {
  cloud_name: string;
  api_key: string;
  api_secret: string;
  upload_prefix: string;
  timeout: number;
  agent?: http.Agent;
}

export function apiOptions(ctx: CloudinaryContext): ApiOptions {
  const base = ctx.baseUrl.replace(/\/+$/, "");
  return {
    cloud_name: ctx.credentials.cloudName,
    api_key: ctx.credentials.apiKey,
    api_secret: ctx.credentials.apiSecret,
    upload_prefix: base,
    timeout: SDK_TIMEOUT_MS,
    ...(base.startsWith("http:") ? { agent: plainHttp } : {}),
  };
}

/** What the SDK rejected with, as an error that holds nothing but what Cloudinary said. */
export function cloudinaryError(raw: unknown): unknown {
  if (raw instanceof Error) return raw;
  const o = raw as { error?: unknown; http_code?: unknown; message?: unknown; name?: unknown } | null;
  if (o?.error instanceof Error) return o.error;
  const inner = (o?.error && typeof o.error === "object" ? o.error : o) as { http_code?: unknown; message?: unknown; name?: unknown } | null;
  const status = typeof inner?.http_code === "number" ? inner.http_code : 0;
  const message = typeof inner?.message === "string" ? inner.message : "no error message";
  if (inner?.name === "TimeoutError") return Object.assign(new Error(`Cloudinary did not answer in time (${message})`), { name: "TimeoutError" });
  return new CloudinaryApiError(status, message);
}

/** One SDK call through the policy. */
export function sdkCall<T>(ctx: CloudinaryContext, operation: string, fn: (options: ApiOptions) => Promise<T>): Promise<T> {
  return ctx.call(operation, async () => {
    try {
      return await fn(apiOptions(ctx));
    } catch (err) {
      throw cloudinaryError(err);
    }
  });
}

/** A signed upload of bytes (upload_stream: the bytes go as a multipart file part, not base64). */
export function uploadBytes(body: Uint8Array, options: UploadApiOptions): Promise<UploadApiResponse> {
  return new Promise((resolve, reject) => {
    const stream = cloudinary.uploader.upload_stream(options, (err, result) => {
      if (err) reject(err);
      else if (result) resolve(result);
      else reject(new CloudinaryApiError(0, "the upload ended without an answer"));
    });
    stream.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
}

export { cloudinary };

// S3's successful answers: XML documents, empty bodies, object bytes; every one
// with the request's x-amz-request-id.
import type { Ctx } from "../core/context";
import { idHeaders } from "./errors";
import { document, type XmlNode } from "./xml";

type Headers = Record<string, string | number>;

export function sendRaw(ctx: Ctx, status: number, headers: Headers, body: Buffer | string | null): void {
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  if (ctx.entry) ctx.entry.status = status;
  ctx.res.writeHead(status, { ...idHeaders(ctx), ...headers });
  ctx.res.end(ctx.method === "HEAD" ? undefined : (body ?? undefined));
}

export function sendXml(ctx: Ctx, root: string, node: XmlNode, headers: Headers = {}): void {
  sendRaw(ctx, 200, { "Content-Type": "application/xml", ...headers }, document(root, node));
}

export function sendNothing(ctx: Ctx, status: number, headers: Headers = {}): void {
  sendRaw(ctx, status, { "Content-Length": 0, ...headers }, null);
}

/** S3's timestamps in XML: ISO 8601 with milliseconds. */
export const isoTime = (ms: number) => new Date(ms).toISOString();
/** And in headers: an HTTP date. */
export const httpDate = (ms: number) => new Date(ms).toUTCString();

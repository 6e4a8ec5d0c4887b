// Every answer goes through here, so the request log always knows the status sent.
import type { Ctx } from "./context";

type Headers = Record<string, string | number>;

function finish(ctx: Ctx, status: number, headers: Headers, body: string | Buffer | null): void {
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  if (ctx.entry) ctx.entry.status = status;
  ctx.res.writeHead(status, headers);
  ctx.res.end(body ?? undefined);
}

export function sendJson(ctx: Ctx, status: number, body: unknown, headers: Headers = {}): void {
  finish(ctx, status, { "Content-Type": "application/json; charset=utf-8", ...headers }, JSON.stringify(body));
}

export function sendText(ctx: Ctx, status: number, text: string): void {
  finish(ctx, status, { "Content-Type": "text/plain; charset=utf-8" }, text);
}

/** Any other text a provider serves (a script), with its own content type. */
export function sendContent(ctx: Ctx, status: number, contentType: string, body: string, headers: Headers = {}): void {
  finish(ctx, status, { "Content-Type": contentType, ...headers }, body);
}

export function sendEmpty(ctx: Ctx, status: number, headers: Headers = {}): void {
  finish(ctx, status, headers, null);
}

export function sendHtml(ctx: Ctx, status: number, html: string): void {
  finish(ctx, status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }, html);
}

export function sendFile(ctx: Ctx, contentType: string, filename: string, data: Buffer): void {
  finish(ctx, 200, { "Content-Type": contentType, "Content-Disposition": `attachment; filename="${filename.replace(/["\\\r\n]/g, "_")}"` }, data);
}

export function redirect(ctx: Ctx, location: string): void {
  finish(ctx, 302, { Location: location, "Cache-Control": "no-store" }, null);
}

// S3's error answers: an XML <Error> with Code, Message, RequestId and HostId (and
// the details S3 adds for some codes), the x-amz-request-id header, and no body at
// all for HEAD requests, exactly as S3 does.
import { randomBytes } from "node:crypto";
import type { Ctx } from "../core/context";
import { document, type XmlNode } from "./xml";

export interface S3ErrorSpec {
  status: number;
  code: string;
  message: string;
  /** Extra elements after Message (BucketName, Key, AWSAccessKeyId, StringToSign…). */
  details?: XmlNode;
}

const ids = new WeakMap<Ctx["res"], { requestId: string; hostId: string }>();

/** One id per request, kept so every answer to it carries the same one. */
export function requestIds(ctx: Ctx): { requestId: string; hostId: string } {
  let id = ids.get(ctx.res);
  if (!id) ids.set(ctx.res, (id = { requestId: randomBytes(8).toString("hex").toUpperCase(), hostId: randomBytes(48).toString("base64") }));
  return id;
}

export function idHeaders(ctx: Ctx): Record<string, string> {
  const { requestId, hostId } = requestIds(ctx);
  return { "x-amz-request-id": requestId, "x-amz-id-2": hostId, Server: "AmazonS3" };
}

export function s3Error(ctx: Ctx, e: S3ErrorSpec, headers: Record<string, string> = {}): void {
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  if (ctx.entry) ctx.entry.status = e.status;
  const { requestId, hostId } = requestIds(ctx);
  const all = { ...idHeaders(ctx), ...headers };
  if (ctx.method === "HEAD") {
    ctx.res.writeHead(e.status, all);
    ctx.res.end();
    return;
  }
  const body = document("Error", { Code: e.code, Message: e.message, ...e.details, RequestId: requestId, HostId: hostId }, false);
  ctx.res.writeHead(e.status, { ...all, "Content-Type": "application/xml" });
  ctx.res.end(body);
}

export const accessDenied = (message = "Access Denied"): S3ErrorSpec => ({ status: 403, code: "AccessDenied", message });
export const noSuchBucket = (bucket: string): S3ErrorSpec => ({ status: 404, code: "NoSuchBucket", message: "The specified bucket does not exist", details: { BucketName: bucket } });
export const noSuchKey = (key: string): S3ErrorSpec => ({ status: 404, code: "NoSuchKey", message: "The specified key does not exist.", details: { Key: key } });
export const noSuchUpload = (uploadId: string): S3ErrorSpec => ({
  status: 404,
  code: "NoSuchUpload",
  message: "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
  details: { UploadId: uploadId },
});
export const invalidArgument = (message: string, name?: string, value?: string): S3ErrorSpec => ({ status: 400, code: "InvalidArgument", message, details: { ArgumentName: name, ArgumentValue: value } });
export const malformedXml = (): S3ErrorSpec => ({ status: 400, code: "MalformedXML", message: "The XML you provided was not well-formed or did not validate against our published schema" });

/** What an injected fault answers: S3 has no 429, it slows callers down with 503 SlowDown. */
export function faultError(status: number): S3ErrorSpec {
  if (status === 429 || status === 503) return { status: 503, code: "SlowDown", message: "Please reduce your request rate." };
  if (status === 413) return { status: 400, code: "EntityTooLarge", message: "Your proposed upload exceeds the maximum allowed size" };
  if (status === 403) return accessDenied();
  if (status === 404) return { status: 404, code: "NoSuchKey", message: "The specified key does not exist." };
  if (status === 501) return { status: 501, code: "NotImplemented", message: "A header you provided implies functionality that is not implemented" };
  if (status >= 500) return { status, code: "InternalError", message: "We encountered an internal error. Please try again." };
  return { status, code: "InvalidRequest", message: "The sandbox was asked to refuse this request." };
}

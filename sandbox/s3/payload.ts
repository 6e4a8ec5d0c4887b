// The body as S3 takes it: aws-chunked bodies (what recent SDKs send for streams,
// STREAMING-UNSIGNED-PAYLOAD-TRAILER with the checksum in a trailer) decoded to the
// object's bytes, then every integrity claim checked: the declared SHA-256, the
// Content-MD5, and the flexible checksums (x-amz-checksum-*). CRC32C and CRC64NVME
// are accepted unchecked: Node has no implementation of them and the SDK sends CRC32.
// The per-chunk signatures of STREAMING-AWS4-HMAC-SHA256-PAYLOAD are not verified
// (the JavaScript SDK never sends them); the request's own signature still is.
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import type { Ctx } from "../core/context";
import { invalidArgument, type S3ErrorSpec } from "./errors";
import { UNSIGNED_PAYLOAD } from "./sigv4";

export interface Payload {
  body: Buffer;
  /** Checksums the client gave (header or trailer), by algorithm name: crc32, sha256… */
  checksums: Record<string, string>;
}

const STREAMING = /^STREAMING-(UNSIGNED-PAYLOAD-TRAILER|AWS4-HMAC-SHA256-PAYLOAD(-TRAILER)?|AWS4-ECDSA-P256-SHA256-PAYLOAD(-TRAILER)?)$/;

function decodeChunked(raw: Buffer): { body: Buffer; trailers: Record<string, string> } | null {
  const chunks: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let pos = 0;
  for (;;) {
    const eol = raw.indexOf("\r\n", pos);
    if (eol < 0) return null;
    const size = parseInt(raw.subarray(pos, eol).toString("latin1").split(";")[0]!, 16);
    if (!Number.isInteger(size) || size < 0) return null;
    pos = eol + 2;
    if (size === 0) break;
    if (pos + size + 2 > raw.length || raw.subarray(pos + size, pos + size + 2).toString("latin1") !== "\r\n") return null;
    chunks.push(raw.subarray(pos, pos + size));
    pos += size + 2;
  }
  for (const line of raw.subarray(pos).toString("latin1").split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) trailers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { body: Buffer.concat(chunks), trailers };
}

const DIGESTS: Record<string, (b: Buffer) => string> = {
  crc32: (b) => {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(b) >>> 0);
    return out.toString("base64");
  },
  sha1: (b) => createHash("sha1").update(b).digest("base64"),
  sha256: (b) => createHash("sha256").update(b).digest("base64"),
};

const badDigest = (what: string): S3ErrorSpec => ({ status: 400, code: "BadDigest", message: `The ${what} you specified did not match the calculated checksum.` });

export function readPayload(ctx: Ctx, payloadHash: string): Payload | S3ErrorSpec {
  const h = ctx.req.headers;
  let body = ctx.raw;
  const checksums: Record<string, string> = {};
  for (const [name, v] of Object.entries(h)) {
    const m = name.match(/^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/);
    if (m && typeof v === "string") checksums[m[1]!] = v;
  }
  if (STREAMING.test(payloadHash)) {
    const decoded = decodeChunked(ctx.raw);
    if (!decoded) return { status: 400, code: "IncompleteBody", message: "The request body terminated unexpectedly" };
    body = decoded.body;
    for (const [name, v] of Object.entries(decoded.trailers)) {
      const m = name.match(/^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/);
      if (m) checksums[m[1]!] = v;
    }
    const declared = h["x-amz-decoded-content-length"];
    if (declared !== undefined && Number(declared) !== body.length) return { status: 400, code: "IncompleteBody", message: "You did not provide the number of bytes specified by the Content-Length HTTP header" };
  } else if (payloadHash !== UNSIGNED_PAYLOAD) {
    if (!/^[0-9a-f]{64}$/.test(payloadHash)) return invalidArgument("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD or a valid sha256 value.", "x-amz-content-sha256", payloadHash);
    const computed = createHash("sha256").update(body).digest("hex");
    if (computed !== payloadHash) {
      return { status: 400, code: "XAmzContentSHA256Mismatch", message: "The provided 'x-amz-content-sha256' header does not match what was computed.", details: { ClientComputedContentSHA256: payloadHash, S3ComputedContentSHA256: computed } };
    }
  }
  const md5 = h["content-md5"];
  if (typeof md5 === "string" && createHash("md5").update(body).digest("base64") !== md5) {
    return { status: 400, code: "BadDigest", message: "The Content-MD5 you specified did not match what we received." };
  }
  for (const [algorithm, value] of Object.entries(checksums)) {
    const digest = DIGESTS[algorithm];
    if (digest && digest(body) !== value) return badDigest(algorithm.toUpperCase());
  }
  return { body, checksums };
}

// ListObjectsV2 (prefix, delimiter with common prefixes, max-keys, start-after,
// continuation tokens, encoding-type=url) and ListBuckets.
import type { Ctx } from "../core/context";
import { invalidArgument, type S3ErrorSpec } from "./errors";
import { isoTime, sendXml } from "./respond";
import type { AccessKey, Bucket, S3State } from "./state";
import type { XmlNode } from "./xml";

const OWNER = { ID: "5a1dbb0c5a1dbb0c5a1dbb0c5a1dbb0c5a1dbb0c5a1dbb0c5a1dbb0c5a1dbb0c", DisplayName: "sandbox" };

interface Token {
  /** The last key or common prefix handed out. */
  after: string;
}

const encodeToken = (t: Token) => Buffer.from(JSON.stringify(t)).toString("base64");

function decodeToken(s: string): Token | null {
  try {
    const t = JSON.parse(Buffer.from(s, "base64").toString("utf8")) as unknown;
    return typeof t === "object" && t !== null && typeof (t as Token).after === "string" ? (t as Token) : null;
  } catch {
    return null;
  }
}

const param = (ctx: Ctx, name: string) => (typeof ctx.query[name] === "string" ? (ctx.query[name] as string) : undefined);

export function listObjectsV2(ctx: Ctx, bucket: Bucket): S3ErrorSpec | void {
  const prefix = param(ctx, "prefix") ?? "";
  const delimiter = param(ctx, "delimiter") || undefined;
  const startAfter = param(ctx, "start-after");
  const tokenText = param(ctx, "continuation-token");
  const maxKeysText = param(ctx, "max-keys");
  const maxKeys = maxKeysText === undefined ? 1000 : Math.min(1000, Number(maxKeysText));
  if (!Number.isInteger(maxKeys) || maxKeys < 0) return invalidArgument("Provided max-keys not an integer or within integer range", "max-keys", maxKeysText);
  const encodingType = param(ctx, "encoding-type");
  if (encodingType !== undefined && encodingType !== "url") return invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
  const token = tokenText === undefined ? null : decodeToken(tokenText);
  if (tokenText !== undefined && !token) return invalidArgument("The continuation token provided is incorrect", "continuation-token", tokenText);
  const after = token?.after ?? startAfter ?? "";

  const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
  const contents: XmlNode[] = [];
  const prefixes: string[] = [];
  let last = "";
  let truncated = false;
  for (const key of keys) {
    const i = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const common = i >= 0 ? key.slice(0, i + delimiter!.length) : null;
    if (common !== null && common === prefixes.at(-1)) continue;
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (common !== null) {
      prefixes.push(common);
      last = common;
    } else {
      const o = bucket.objects.get(key)!;
      contents.push({ Key: enc(key), LastModified: isoTime(o.lastModifiedMs), ETag: o.etag, ChecksumAlgorithm: o.checksums.crc32 ? "CRC32" : undefined, Size: o.body.length, Owner: param(ctx, "fetch-owner") === "true" ? OWNER : undefined, StorageClass: "STANDARD" });
      last = key;
    }
  }
  function enc(s: string): string {
    return encodingType === "url" ? encodeURIComponent(s).replace(/%2F/g, "/") : s;
  }
  // A key under a handed-out common prefix sorts after it but must not reappear: resume past the whole prefix.
  const nextAfter = delimiter && last.endsWith(delimiter) ? `${last}\uffff` : last;
  sendXml(ctx, "ListBucketResult", {
    Name: bucket.name,
    Prefix: enc(prefix),
    Delimiter: delimiter ? enc(delimiter) : undefined,
    MaxKeys: maxKeys,
    EncodingType: encodingType,
    KeyCount: contents.length + prefixes.length,
    IsTruncated: truncated,
    ContinuationToken: tokenText,
    NextContinuationToken: truncated ? encodeToken({ after: nextAfter }) : undefined,
    StartAfter: startAfter !== undefined ? enc(startAfter) : undefined,
    Contents: contents,
    CommonPrefixes: prefixes.map((p) => ({ Prefix: enc(p) })),
  });
}

export function listBuckets(ctx: Ctx, state: S3State, key: AccessKey): void {
  const buckets = [...state.buckets.values()].filter((b) => key.buckets.includes("*") || key.buckets.includes(b.name));
  sendXml(ctx, "ListAllMyBucketsResult", { Owner: OWNER, Buckets: { Bucket: buckets.map((b) => ({ Name: b.name, CreationDate: isoTime(b.createdMs), BucketRegion: b.region })) } });
}

// AWS Signature Version 4 as S3 checks it, header-signed and presigned alike: the
// canonical request is rebuilt from the request as received (raw path, query,
// the headers the client listed as signed, the payload hash it declared) and
// signed again with @smithy/signature-v4 and the sandbox's secret for the key id.
// Only an exact match passes; every refusal is the one S3 gives.
import { Hash } from "@smithy/hash-node";
import { ALGORITHM_IDENTIFIER, getCanonicalHeaders, getSigningKey, SignatureV4 } from "@smithy/signature-v4";
import type { Ctx } from "../core/context";
import { accessDenied, invalidArgument, type S3ErrorSpec } from "./errors";
import type { AccessKey, S3State } from "./state";

type SignableRequest = Parameters<typeof getCanonicalHeaders>[0];

const Sha256 = Hash.bind(null, "sha256");
/** S3's allowance between a signed request's time and its own. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

export interface Authorized {
  key: AccessKey;
  presigned: boolean;
  /** The declared x-amz-content-sha256 (UNSIGNED-PAYLOAD for a presigned URL). */
  payloadHash: string;
}

interface Claim {
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  longDate: string;
  presigned: boolean;
}

class Verifier extends SignatureV4 {
  constructor(private readonly key: AccessKey, private readonly claim: Claim) {
    super({ credentials: { accessKeyId: key.id, secretAccessKey: key.secret }, region: claim.region, service: claim.service, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  }

  async expected(request: SignableRequest, payloadHash: string) {
    const c = this.claim;
    const canonicalHeaders = getCanonicalHeaders(request, undefined, new Set(c.signedHeaders));
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    const scope = `${c.shortDate}/${c.region}/${c.service}/aws4_request`;
    const stringToSign = await this.createStringToSign(c.longDate, scope, canonicalRequest, ALGORITHM_IDENTIFIER);
    const signingKey = await getSigningKey(Sha256, { accessKeyId: this.key.id, secretAccessKey: this.key.secret }, c.shortDate, c.region, c.service);
    const hmac = new Sha256(signingKey);
    hmac.update(stringToSign);
    return { signature: Buffer.from(await hmac.digest()).toString("hex"), canonicalRequest, stringToSign };
  }
}

/** The query as the client signed it: every key with its values, in the raw order of the URL. */
function rawQuery(rawUrl: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const i = rawUrl.indexOf("?");
  if (i < 0) return out;
  for (const [k, v] of new URLSearchParams(rawUrl.slice(i + 1))) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** "20261207T101500Z" → epoch ms, or NaN. */
function amzDate(v: string | undefined): number {
  const m = v?.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const malformed = (message: string): S3ErrorSpec => ({ status: 400, code: "AuthorizationHeaderMalformed", message: `The authorization header is malformed; ${message}` });
const queryError = (message: string): S3ErrorSpec => ({ status: 400, code: "AuthorizationQueryParametersError", message });

function parseCredential(credential: string): Omit<Claim, "signedHeaders" | "signature" | "longDate" | "presigned"> | null {
  const parts = credential.split("/");
  if (parts.length !== 5 || parts[4] !== "aws4_request") return null;
  const [accessKeyId, shortDate, region, service] = parts as [string, string, string, string];
  return { accessKeyId, shortDate, region, service };
}

function headerClaim(ctx: Ctx, auth: string): Claim | S3ErrorSpec {
  const m = auth.match(/^(\S+)\s+(.*)$/);
  if (!m || m[1] !== ALGORITHM_IDENTIFIER) return invalidArgument("Unsupported Authorization Type", "Authorization", auth.split(" ")[0]);
  const fields = Object.fromEntries(m[2]!.split(/,\s*/).map((p) => [p.slice(0, p.indexOf("=")).trim(), p.slice(p.indexOf("=") + 1).trim()]));
  const cred = fields.Credential ? parseCredential(fields.Credential) : null;
  if (!cred) return malformed("the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
  if (!fields.SignedHeaders || !fields.Signature) return malformed("a SignedHeaders and a Signature are required.");
  const longDate = String(ctx.req.headers["x-amz-date"] ?? "");
  return { ...cred, signedHeaders: fields.SignedHeaders.split(";"), signature: fields.Signature, longDate, presigned: false };
}

function queryClaim(q: Record<string, string | string[]>): Claim | S3ErrorSpec {
  const get = (k: string) => (typeof q[k] === "string" ? (q[k] as string) : undefined);
  const [algorithm, credential, date, expires, signedHeaders, signature] = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature"].map(get);
  if (!algorithm || !credential || !date || !expires || !signedHeaders || !signature) {
    return queryError("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
  }
  if (algorithm !== ALGORITHM_IDENTIFIER) return queryError(`X-Amz-Algorithm only supports "${ALGORITHM_IDENTIFIER}"`);
  const cred = parseCredential(credential);
  if (!cred) return queryError('Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  return { ...cred, signedHeaders: signedHeaders.split(";"), signature, longDate: date, presigned: true };
}

function expiry(ctx: Ctx, q: Record<string, string | string[]>, signedAt: number): S3ErrorSpec | null {
  const expires = Number(q["X-Amz-Expires"]);
  if (!Number.isInteger(expires) || expires < 0) return queryError("X-Amz-Expires should be a number");
  if (expires > MAX_PRESIGNED_SECONDS) return queryError(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGNED_SECONDS}`);
  const now = ctx.rt.clock.now();
  if (signedAt - now > MAX_SKEW_MS) return accessDenied("Request is not valid yet");
  if (now > signedAt + expires * 1000) {
    return { ...accessDenied("Request has expired"), details: { "X-Amz-Expires": String(expires), Expires: isoSeconds(signedAt + expires * 1000), ServerTime: isoSeconds(now) } };
  }
  return null;
}

/**
 * Who signed the request, or S3's refusal. The order is S3's: the form of the
 * authorization, the key id, the time, then the signature itself.
 */
export async function authenticate(ctx: Ctx, state: S3State): Promise<Authorized | S3ErrorSpec> {
  const rawUrl = ctx.req.url ?? "/";
  const query = rawQuery(rawUrl);
  const auth = ctx.req.headers.authorization;
  const presigned = "X-Amz-Algorithm" in query || "X-Amz-Credential" in query;
  if (!presigned && !auth) return accessDenied();
  const claim = presigned ? queryClaim(query) : headerClaim(ctx, auth!);
  if ("code" in claim) return claim;
  const key = state.keys.get(claim.accessKeyId);
  if (!key) return { status: 403, code: "InvalidAccessKeyId", message: "The AWS Access Key Id you provided does not exist in our records.", details: { AWSAccessKeyId: claim.accessKeyId } };
  if (claim.service !== "s3") return presigned ? queryError(`Error parsing the X-Amz-Credential parameter; incorrect service "${claim.service}". This endpoint belongs to "s3".`) : malformed(`incorrect service "${claim.service}". This endpoint belongs to "s3".`);
  const signedAt = amzDate(claim.longDate);
  if (Number.isNaN(signedAt)) return presigned ? queryError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"") : accessDenied("AWS authentication requires a valid Date or x-amz-date header");
  if (claim.longDate.slice(0, 8) !== claim.shortDate) {
    return presigned ? queryError("Invalid credential date. Date is not the same as X-Amz-Date.") : malformed("Invalid credential date. Date is not the same as X-Amz-Date.");
  }
  if (presigned) {
    const expired = expiry(ctx, query, signedAt);
    if (expired) return expired;
  } else {
    const now = ctx.rt.clock.now();
    if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
      return {
        status: 403,
        code: "RequestTimeTooSkewed",
        message: "The difference between the request time and the current time is too large.",
        details: { RequestTime: claim.longDate, ServerTime: isoSeconds(now), MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS) },
      };
    }
  }
  const payloadHash = presigned ? UNSIGNED_PAYLOAD : ctx.req.headers["x-amz-content-sha256"];
  if (typeof payloadHash !== "string") return { status: 400, code: "InvalidRequest", message: "Missing required header for this request: x-amz-content-sha256" };

  const headers: Record<string, string> = {};
  for (const name of claim.signedHeaders) {
    const v = ctx.req.headers[name];
    if (v !== undefined) headers[name] = Array.isArray(v) ? v.join(",") : v;
  }
  const request: SignableRequest = { method: ctx.method, protocol: "http:", hostname: String(ctx.req.headers.host ?? ""), path: rawUrl.split("?")[0]!, query, headers };
  const expected = await new Verifier(key, claim).expected(request, payloadHash);
  if (expected.signature !== claim.signature) {
    return {
      status: 403,
      code: "SignatureDoesNotMatch",
      message: "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
      details: {
        AWSAccessKeyId: key.id,
        StringToSign: expected.stringToSign,
        SignatureProvided: claim.signature,
        CanonicalRequest: expected.canonicalRequest,
      },
    };
  }
  return { key, presigned, payloadHash };
}

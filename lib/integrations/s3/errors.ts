// What a failed S3 call was. The SDK throws S3ServiceException with S3's error
// Code as its name (and the XML error's other fields, such as BucketName or
// Region, copied onto it); a HEAD has no body, so only its status speaks.
import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError, parseRetryAfter } from "../http-failure";

export interface S3ErrorLike {
  name?: string;
  Code?: string;
  message?: string;
  BucketName?: string;
  Region?: string;
  Endpoint?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

const AUTH_HINT = "the key needs to put, get, delete and list objects in the bucket";

function answered(code: string, status: number | undefined, detail: string): string {
  return `S3 answered ${status ?? "an error"} ${code}: ${detail}`;
}

function s3Failure(e: S3ErrorLike, code: string, status: number | undefined): ProviderFailure {
  const bucket = e.BucketName ? `"${e.BucketName}"` : "of this name";
  switch (code) {
    case "InvalidAccessKeyId":
      return { kind: "auth", status, message: answered(code, status, "the service does not know this access key ID; check it, and that the endpoint and mode are the ones the key was made for") };
    case "SignatureDoesNotMatch":
      return { kind: "auth", status, message: answered(code, status, "the secret access key does not belong to this access key ID; paste the secret again") };
    case "AccessDenied":
    case "Forbidden":
    case "AllAccessDisabled":
    case "AccountProblem":
      return { kind: "auth", status, message: answered(code, status, `the key may not do this in the bucket; ${AUTH_HINT}`) };
    case "InvalidToken":
    case "ExpiredToken":
    case "TokenRefreshRequired":
      return { kind: "auth", status, message: answered(code, status, "the key's session has expired; create a long-lived access key") };
    case "NoSuchBucket":
      return { kind: "invalid", status, message: answered(code, status, `there is no bucket ${bucket} at this endpoint; create it, or correct the bucket name, endpoint or region`) };
    case "AuthorizationHeaderMalformed":
    case "IllegalLocationConstraintException":
    case "PermanentRedirect":
      return {
        kind: "invalid",
        status,
        message: answered(code, status, e.Region ? `the bucket is in region ${e.Region}; set the region to ${e.Region}` : `the bucket is in another region${e.Endpoint ? ` (its endpoint is ${e.Endpoint})` : ""}; set the bucket's region`),
      };
    case "NoSuchKey":
    case "NotFound":
      return { kind: "not_found", status, message: answered(code, status, "no object has this key") };
    case "SlowDown":
    case "TooManyRequests":
    case "RequestLimitExceeded":
      return { kind: "rate_limited", status, message: answered(code, status, "the service asks to slow down"), retryAfterMs: parseRetryAfter(e.$response?.headers?.["retry-after"]) };
    case "InternalError":
    case "ServiceUnavailable":
    case "RequestTimeout":
      return { kind: "transient", status, message: answered(code, status, e.message || "the service failed; it is tried again") };
    case "RequestTimeTooSkewed":
      return { kind: "invalid", status, message: answered(code, status, "this server's clock is more than 15 minutes off; the operator needs to fix the clock") };
    case "NotImplemented":
      return { kind: "invalid", status, message: answered(code, status, "this S3-compatible service does not support the operation") };
  }
  if (status === undefined) return { kind: "unknown", message: answered(code, status, e.message || "error") };
  // 503 from S3 is its way of saying SlowDown.
  if (status === 503) return { kind: "rate_limited", status, message: answered(code, status, e.message || "the service asks to slow down"), retryAfterMs: parseRetryAfter(e.$response?.headers?.["retry-after"]) };
  if (status === 403) return { kind: "auth", status, message: answered(code, status, `access denied; ${AUTH_HINT}`) };
  return failureFromStatus(status, answered(code, status, e.message || "error"), parseRetryAfter(e.$response?.headers?.["retry-after"]));
}

export function classifyS3Error(err: unknown): ProviderFailure {
  const e = (err ?? {}) as S3ErrorLike;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined || e.$fault) return s3Failure(e, e.Code ?? e.name ?? "UnknownError", status);
  if (isNetworkError(err) || e.name === "TimeoutError") return { kind: "transient", message: `Could not reach the S3 endpoint: ${e.message ?? "network error"}` };
  return { kind: "unknown", message: e.message ?? String(err) };
}

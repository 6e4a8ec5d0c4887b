// Amazon's Smithy model of S3 (../shared/specs/aws/s3-2006-03-01.json) as the
// sandbox's router and request checker: each operation's HTTP binding (method, URI
// with its {Bucket}/{Key+} labels and literal query keys such as ?uploads or
// ?list-type=2) picks the operation a request is, and the input members bound to
// headers and query parameters give what is required and what values are allowed.
import { specSource } from "../core/spec-source";
import type { Issue } from "../core/validation-outcome";

const NS = "com.amazonaws.s3#";

interface Shape {
  type: string;
  members?: Record<string, { target: string; traits?: Record<string, unknown> }>;
  traits?: Record<string, unknown>;
  input?: { target: string };
}

export type Scalar = { kind: "string" | "integer" | "long" | "boolean" | "timestamp" | "enum" | "other"; values?: string[] };

export interface Binding {
  member: string;
  in: "header" | "query";
  /** Lower-case for headers, as written for query keys. */
  name: string;
  required: boolean;
  scalar: Scalar;
}

export interface Operation {
  name: string;
  method: string;
  /** What the URI addresses: the service, a bucket, or an object. */
  target: "service" | "bucket" | "object";
  /** Literal query keys of the URI (x-id excluded: it only names the operation for the SDK) and the value each must have, if any. */
  literals: Array<[string, string | null]>;
  headers: Binding[];
  query: Binding[];
  /** Whether the body is a structure the operation requires (CompleteMultipartUpload, PutBucketCors). */
  payloadRequired: boolean;
}

export interface S3Model {
  operations: Operation[];
}

function scalarOf(shapes: Record<string, Shape>, target: string): Scalar {
  if (target.startsWith("smithy.api#")) {
    const t = target.slice("smithy.api#".length).toLowerCase();
    return { kind: t === "integer" || t === "long" || t === "boolean" || t === "timestamp" || t === "string" ? t : "other" };
  }
  const shape = shapes[target];
  if (!shape) return { kind: "other" };
  if (shape.type === "enum") {
    const values = Object.entries(shape.members ?? {}).map(([name, m]) => String((m.traits?.["smithy.api#enumValue"] as string | undefined) ?? name));
    return { kind: "enum", values };
  }
  const t = shape.type;
  return { kind: t === "integer" || t === "long" || t === "boolean" || t === "timestamp" || t === "string" ? t : "other" };
}

function parseUri(uri: string): Pick<Operation, "target" | "literals"> {
  const [path = "/", query = ""] = uri.split("?");
  const target = path.includes("{Key+}") ? "object" : path.includes("{Bucket}") ? "bucket" : "service";
  const literals: Array<[string, string | null]> = [];
  for (const part of query.split("&").filter(Boolean)) {
    const [k, v] = part.split("=");
    if (k !== "x-id") literals.push([k!, v ?? null]);
  }
  return { target, literals };
}

export function buildModel(doc: unknown): S3Model {
  const shapes = (doc as { shapes: Record<string, Shape> }).shapes;
  const service = shapes[`${NS}AmazonS3`] as Shape & { operations?: Array<{ target: string }> };
  const operations: Operation[] = [];
  for (const { target } of service.operations ?? []) {
    const op = shapes[target];
    const http = op?.traits?.["smithy.api#http"] as { method: string; uri: string } | undefined;
    if (!op || !http) continue;
    const input = op.input ? shapes[op.input.target] : undefined;
    const headers: Binding[] = [];
    const query: Binding[] = [];
    let payloadRequired = false;
    for (const [member, m] of Object.entries(input?.members ?? {})) {
      const traits = m.traits ?? {};
      const required = "smithy.api#required" in traits;
      const header = traits["smithy.api#httpHeader"];
      const q = traits["smithy.api#httpQuery"];
      if (typeof header === "string") headers.push({ member, in: "header", name: header.toLowerCase(), required, scalar: scalarOf(shapes, m.target) });
      else if (typeof q === "string") query.push({ member, in: "query", name: q, required, scalar: scalarOf(shapes, m.target) });
      else if ("smithy.api#httpPayload" in traits && required && shapes[m.target]?.type === "structure") payloadRequired = true;
    }
    operations.push({ name: target.slice(NS.length), method: http.method, ...parseUri(http.uri), headers, query, payloadRequired });
  }
  return { operations };
}

export const S3_SPEC = specSource(["aws/s3-2006-03-01.json"], (docs) => buildModel(docs[0]));

export interface RequestShape {
  method: string;
  target: Operation["target"];
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  query: Record<string, string | string[]>;
  hasBody: boolean;
}

function present(b: Binding, req: RequestShape): boolean {
  return b.in === "query" ? b.name in req.query : req.headers[b.name] !== undefined;
}

function satisfied(op: Operation, req: RequestShape): number {
  let missing = 0;
  for (const b of [...op.headers, ...op.query]) if (b.required && !present(b, req)) missing++;
  return missing;
}

/**
 * The operation a request is, as S3 routes it: same method and resource, every
 * literal query key of the URI present; of those, the one whose required members
 * the request carries (PUT with uploadId and partNumber is UploadPart, without them
 * PutObject), the most specific first. The SDK's x-id settles a tie.
 */
export function matchOperation(model: S3Model, req: RequestShape): Operation | null {
  const candidates = model.operations.filter(
    (op) => op.method === req.method && op.target === req.target && op.literals.every(([k, v]) => k in req.query && (v === null || req.query[k] === v)),
  );
  if (candidates.length === 0) return null;
  const xId = typeof req.query["x-id"] === "string" ? req.query["x-id"] : null;
  const score = (op: Operation) => (op.name === xId ? 1000 : 0) + op.literals.length * 100 - satisfied(op, req) * 10 + [...op.headers, ...op.query].filter((b) => b.required && present(b, req)).length;
  return candidates.sort((a, b) => score(b) - score(a))[0]!;
}

function checkValue(b: Binding, value: string, location: "header" | "query"): Issue | null {
  const bad = (message: string, rule: string): Issue => ({ location, path: b.name, message, rule });
  switch (b.scalar.kind) {
    case "integer":
    case "long":
      return /^-?\d+$/.test(value.trim()) ? null : bad(`${b.name} must be an integer (${b.member})`, "type");
    case "boolean":
      return value === "true" || value === "false" ? null : bad(`${b.name} must be true or false (${b.member})`, "type");
    case "timestamp":
      return Number.isNaN(Date.parse(value)) ? bad(`${b.name} must be a date (${b.member})`, "format") : null;
    case "enum":
      return b.scalar.values!.includes(value) ? null : bad(`${b.name} must be one of ${b.scalar.values!.join(", ")} (${b.member})`, "enum");
    default:
      return null;
  }
}

/** What the model says is wrong with the request as the operation: missing required members, values of the wrong type or outside an enum. */
export function checkRequest(op: Operation, req: RequestShape): Issue[] {
  const issues: Issue[] = [];
  for (const b of op.headers) {
    const v = req.headers[b.name];
    if (v === undefined) {
      if (b.required) issues.push({ location: "header", path: b.name, message: `${b.name} is required by ${op.name}`, rule: "required" });
    } else {
      const issue = checkValue(b, v, "header");
      if (issue) issues.push(issue);
    }
  }
  for (const b of op.query) {
    const raw = req.query[b.name];
    if (raw === undefined) {
      if (b.required) issues.push({ location: "query", path: b.name, message: `${b.name} is required by ${op.name}`, rule: "required" });
      continue;
    }
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      const issue = checkValue(b, v, "query");
      if (issue) issues.push(issue);
    }
  }
  if (op.payloadRequired && !req.hasBody) issues.push({ location: "body", path: "", message: `${op.name} needs an XML body`, rule: "required" });
  return issues;
}

// Google's discovery format (Calendar v3): `resources.<name>.methods.<verb>` give the
// path, HTTP method, parameters and request schema; schemas mark fields a method needs
// with `annotations.required: [<method id>]` rather than JSON Schema's `required`.
import { safeDecode } from "../core/path-template";
import { NOT_CHECKED, joinPath, type Issue, type ValidationOutcome } from "../core/validation-outcome";

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  items?: Schema;
  annotations?: { required?: string[] };
}

export interface DiscoveryParam {
  name: string;
  location: "path" | "query";
  type: string;
  required: boolean;
  repeated: boolean;
  format: string | null;
  enum: string[] | null;
  minimum: number | null;
  maximum: number | null;
}

export interface DiscoveryMethod {
  id: string;
  httpMethod: string;
  path: string;
  params: DiscoveryParam[];
  request: string | null;
  scopes: string[];
}

export interface DiscoveryInput {
  pathParams: Record<string, string>;
  query: Record<string, string | string[]>;
  /** Parsed JSON body; undefined when none was sent. */
  body: unknown;
}

export interface DiscoverySpec {
  method(id: string): DiscoveryMethod | undefined;
  /** Matches a path below the service path ("calendars/x/events") to a method. */
  find(httpMethod: string, relativePath: string): { method: DiscoveryMethod; pathParams: Record<string, string> } | undefined;
  validate(id: string, input: DiscoveryInput): ValidationOutcome;
  scopeDescription(scope: string): string | undefined;
}

// Event times may omit the offset when a timeZone field accompanies them; query parameters may not.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i;
const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function rec(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function validDate(text: string): boolean {
  return !Number.isNaN(Date.parse(DATE.test(text) ? `${text}T00:00:00Z` : text));
}

function formatProblem(format: string | undefined | null, v: string): string | null {
  if (format === "date-time" && !(RFC3339.test(v) && validDate(v))) return "expected an RFC 3339 date-time";
  if (format === "date" && !(DATE.test(v) && validDate(v))) return "expected a date (yyyy-mm-dd)";
  if ((format === "int64" || format === "uint64") && !/^-?\d+$/.test(v)) return "expected an integer in a string";
  return null;
}

function collectMethods(resources: unknown, out: Map<string, DiscoveryMethod>): void {
  for (const resource of Object.values(rec(resources))) {
    for (const raw of Object.values(rec(rec(resource).methods))) {
      const m = rec(raw);
      const params = Object.entries(rec(m.parameters)).map(([name, p]): DiscoveryParam => {
        const q = rec(p);
        return {
          name,
          location: q.location === "path" ? "path" : "query",
          type: String(q.type ?? "string"),
          required: q.required === true,
          repeated: q.repeated === true,
          format: typeof q.format === "string" ? q.format : null,
          enum: Array.isArray(q.enum) ? q.enum.map(String) : null,
          minimum: q.minimum !== undefined ? Number(q.minimum) : null,
          maximum: q.maximum !== undefined ? Number(q.maximum) : null,
        };
      });
      out.set(String(m.id), {
        id: String(m.id),
        httpMethod: String(m.httpMethod),
        path: String(m.path),
        params,
        request: typeof rec(m.request).$ref === "string" ? String(rec(m.request).$ref) : null,
        scopes: Array.isArray(m.scopes) ? m.scopes.map(String) : [],
      });
    }
    collectMethods(rec(resource).resources, out);
  }
}

function paramProblem(p: DiscoveryParam, v: string): string | null {
  switch (p.type) {
    case "boolean":
      return /^(true|false)$/i.test(v) ? null : "expected true or false";
    case "integer": {
      if (!/^-?\d+$/.test(v)) return "expected an integer";
      const n = Number(v);
      if (p.minimum !== null && n < p.minimum) return `must be at least ${p.minimum}`;
      if (p.maximum !== null && n > p.maximum) return `must be at most ${p.maximum}`;
      return null;
    }
    case "number":
      return Number.isFinite(Number(v)) ? null : "expected a number";
    default:
      if (p.enum && !p.enum.includes(v)) return `must be one of ${p.enum.join(", ")}`;
      if (p.format === "date-time" && !RFC3339_WITH_OFFSET.test(v)) return "expected an RFC 3339 date-time with a time zone offset";
      return formatProblem(p.format, v);
  }
}

export function createDiscoverySpec(source: unknown): DiscoverySpec {
  const doc = rec(source);
  const schemas = rec(doc.schemas) as Record<string, Schema>;
  const globalParams = new Set(Object.keys(rec(doc.parameters)));
  const scopeDocs = rec(rec(rec(doc.auth).oauth2).scopes);
  const methods = new Map<string, DiscoveryMethod>();
  collectMethods(doc.resources, methods);

  const routes = [...methods.values()]
    .map((m) => {
      const names: string[] = [];
      const pattern = m.path
        .split("/")
        .map((seg) => {
          const v = seg.match(/^\{\+?([^}]+)\}$/);
          if (!v) return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(v[1]!);
          return seg.startsWith("{+") ? "(.+)" : "([^/]+)";
        })
        .join("/");
      const literals = m.path.split("/").filter((s) => !s.startsWith("{")).length;
      return { method: m, re: new RegExp(`^${pattern}$`), names, literals };
    })
    // A literal segment ("events/import") must win over a parameter ("events/{eventId}").
    .sort((a, b) => b.literals - a.literals);

  function checkValue(schema: Schema, value: unknown, path: string[], methodId: string, issues: Issue[], notes: string[], depth: number): void {
    if (depth > 32 || value === null) return;
    const s = schema.$ref ? (schemas[schema.$ref] ?? {}) : schema;
    const where = joinPath(path) || "body";
    const fail = (rule: string, message: string) => issues.push({ location: "body", path: joinPath(path), rule, message: `${where}: ${message}` });
    switch (s.type) {
      case "object": {
        if (!isPlainObject(value)) return void fail("type", "expected an object");
        for (const [name, prop] of Object.entries(s.properties ?? {})) {
          if (value[name] === undefined && prop.annotations?.required?.includes(methodId)) {
            issues.push({ location: "body", path: joinPath([...path, name]), rule: "required", message: `${joinPath([...path, name])} is required` });
          }
        }
        for (const [name, v] of Object.entries(value)) {
          const prop = s.properties?.[name] ?? s.additionalProperties;
          if (prop) checkValue(prop, v, [...path, name], methodId, issues, notes, depth + 1);
          else notes.push(`${joinPath([...path, name])} is not a field of ${schema.$ref ?? "this object"}`);
        }
        return;
      }
      case "array":
        if (!Array.isArray(value)) return void fail("type", "expected an array");
        value.forEach((item, i) => s.items && checkValue(s.items, item, [...path, String(i)], methodId, issues, notes, depth + 1));
        return;
      case "string": {
        const numericFormat = s.format === "int64" || s.format === "uint64";
        if (numericFormat && typeof value === "number" && Number.isInteger(value)) return;
        if (typeof value !== "string") return void fail("type", "expected a string");
        if (s.enum && !s.enum.includes(value)) return void fail("enum", `must be one of ${s.enum.join(", ")}`);
        const problem = formatProblem(s.format, value);
        if (problem) fail("format", problem);
        return;
      }
      case "integer":
        if (!((typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^-?\d+$/.test(value)))) fail("type", "expected an integer");
        return;
      case "number":
        if (!((typeof value === "number" && Number.isFinite(value)) || (typeof value === "string" && Number.isFinite(Number(value))))) fail("type", "expected a number");
        return;
      case "boolean":
        if (typeof value !== "boolean") fail("type", "expected true or false");
        return;
      default:
        return;
    }
  }

  return {
    method: (id) => methods.get(id),

    find(httpMethod, relativePath) {
      for (const r of routes) {
        if (r.method.httpMethod !== httpMethod.toUpperCase()) continue;
        const m = relativePath.match(r.re);
        if (!m) continue;
        const pathParams: Record<string, string> = {};
        r.names.forEach((n, i) => (pathParams[n] = safeDecode(m[i + 1] ?? "")));
        return { method: r.method, pathParams };
      }
      return undefined;
    },

    validate(id, input) {
      const m = methods.get(id);
      if (!m) return NOT_CHECKED;
      const issues: Issue[] = [];
      const notes: string[] = [];
      for (const p of m.params) {
        const raw = p.location === "path" ? input.pathParams[p.name] : input.query[p.name];
        const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
        if (values.length === 0 || values.every((v) => v === "")) {
          if (p.required) issues.push({ location: p.location, path: p.name, rule: "required", message: `Required parameter: ${p.name}` });
          continue;
        }
        if (values.length > 1 && !p.repeated) notes.push(`${p.name} was sent ${values.length} times; only the first counts`);
        for (const v of p.repeated ? values : values.slice(0, 1)) {
          const problem = paramProblem(p, v);
          if (problem) issues.push({ location: p.location, path: p.name, rule: p.enum ? "enum" : "type", message: `Invalid value '${v}' for ${p.name}: ${problem}` });
        }
      }
      const known = new Set(m.params.map((p) => p.name));
      for (const name of Object.keys(input.query)) {
        if (!known.has(name) && !globalParams.has(name)) notes.push(`query parameter ${name} is not a parameter of ${id}`);
      }
      // A missing body is an empty resource to Google, so its required fields are what is reported.
      if (m.request) checkValue({ $ref: m.request }, input.body ?? {}, [], id, issues, notes, 0);
      else if (input.body !== undefined) notes.push(`${id} takes no request body; it was ignored`);
      return { checked: true, issues, notes };
    },

    scopeDescription(scope) {
      const d = rec(scopeDocs[scope]).description;
      return typeof d === "string" ? d : undefined;
    },
  };
}

// Swagger 2.0 (Slack's Web API description): each method is a path whose parameters
// carry a location, `required`, a primitive `type` and sometimes an `enum`.
import { NOT_CHECKED, type Issue, type IssueLocation, type ValidationOutcome } from "../core/validation-outcome";

type ParamLocation = Exclude<IssueLocation, "body">;

export interface Swagger2Param {
  name: string;
  in: ParamLocation | "body";
  required: boolean;
  type: string | null;
  enum: unknown[] | null;
}

export interface Swagger2Operation {
  id: string;
  method: string;
  path: string;
  params: Swagger2Param[];
}

export type ParamSources = Partial<Record<ParamLocation, Record<string, unknown>>>;

export interface Swagger2CheckOptions {
  /** The API reads each parameter wherever it is sent (Slack: query, form or JSON alike). */
  anyLocation?: boolean;
  /** Objects and arrays stand for their JSON text in a string parameter (Slack's JSON bodies). */
  structuredStrings?: boolean;
}

export interface Swagger2Spec {
  operation(path: string, method?: string): Swagger2Operation | undefined;
  validate(op: Swagger2Operation, sources: ParamSources, options?: Swagger2CheckOptions): ValidationOutcome;
}

const METHODS = ["get", "post", "put", "patch", "delete", "head", "options"];
const LOOKUP_ORDER: ParamLocation[] = ["formData", "query", "header", "path"];

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function readParam(raw: unknown): Swagger2Param | null {
  const p = asRecord(raw);
  if (typeof p.name !== "string" || typeof p.in !== "string") return null;
  return {
    name: p.name,
    in: p.in as Swagger2Param["in"],
    required: p.required === true,
    type: typeof p.type === "string" ? p.type : null,
    enum: Array.isArray(p.enum) ? p.enum : null,
  };
}

function isPresent(v: unknown): boolean {
  return v !== undefined && v !== null && !(typeof v === "string" && v === "");
}

/** Form fields arrive as text, so "1" is an integer and "true" a boolean, as the server reads them. */
function typeProblem(type: string | null, value: unknown, structuredStrings: boolean): string | null {
  const values = Array.isArray(value) && type !== "array" ? value : [value];
  for (const v of values) {
    switch (type) {
      case "string":
        if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") break;
        if (structuredStrings && typeof v === "object") break;
        return "expected a string";
      case "boolean":
        if (typeof v === "boolean" || v === 0 || v === 1 || (typeof v === "string" && /^(true|false|1|0)$/i.test(v))) break;
        return "expected a boolean";
      case "integer":
        if ((typeof v === "number" && Number.isInteger(v)) || (typeof v === "string" && /^-?\d+$/.test(v.trim()))) break;
        return "expected an integer";
      case "number":
        if ((typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)))) break;
        return "expected a number";
      case "array":
        if (Array.isArray(v) || typeof v === "string") break;
        return "expected an array";
      default:
        break;
    }
  }
  return null;
}

export function createSwagger2Spec(doc: unknown): Swagger2Spec {
  const paths = asRecord(asRecord(doc).paths);
  const cache = new Map<string, Swagger2Operation | undefined>();

  function build(path: string, method: string): Swagger2Operation | undefined {
    const item = asRecord(paths[path]);
    const op = asRecord(item[method]);
    if (!item[method]) return undefined;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    const own = Array.isArray(op.parameters) ? op.parameters : [];
    const params = [...shared, ...own].map(readParam).filter((p): p is Swagger2Param => p !== null);
    return { id: typeof op.operationId === "string" ? op.operationId : `${method} ${path}`, method, path, params };
  }

  return {
    operation(path, method) {
      const key = `${method ?? "*"} ${path}`;
      if (!cache.has(key)) {
        const item = asRecord(paths[path]);
        const m = method && item[method] ? method : METHODS.find((x) => item[x]);
        cache.set(key, m ? build(path, m) : undefined);
      }
      return cache.get(key);
    },

    validate(op, sources, options = {}) {
      if (!op) return NOT_CHECKED;
      const issues: Issue[] = [];
      const known = new Set(op.params.map((p) => p.name));
      for (const p of op.params) {
        if (p.in === "body") continue;
        const where: ParamLocation[] = options.anyLocation ? LOOKUP_ORDER : [p.in];
        const found = where.map((loc) => ({ loc, value: sources[loc]?.[p.name] })).find((x) => isPresent(x.value));
        if (!found) {
          if (p.required) issues.push({ location: p.in, path: p.name, rule: "required", message: `missing required field: ${p.name}` });
          continue;
        }
        const problem = typeProblem(p.type, found.value, options.structuredStrings === true);
        if (problem) {
          issues.push({ location: found.loc, path: p.name, rule: "type", message: `invalid value for ${p.name}: ${problem}` });
        } else if (p.enum && !p.enum.map(String).includes(String(found.value))) {
          issues.push({ location: found.loc, path: p.name, rule: "enum", message: `${p.name} must be one of ${p.enum.join(", ")}` });
        }
      }
      const notes: string[] = [];
      for (const loc of ["formData", "query"] as const) {
        for (const name of Object.keys(sources[loc] ?? {})) {
          if (!known.has(name)) notes.push(`parameter ${name} is not in the spec of ${op.id}`);
        }
      }
      return { checked: true, issues, notes };
    },
  };
}

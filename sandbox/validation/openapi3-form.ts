// OpenAPI 3.0 operations whose parameters travel form-encoded in deepObject style
// (Stripe's API): query parameters and application/x-www-form-urlencoded bodies,
// each value text until its schema says what it must read as.
//
// The spec may be older than the clients that call it, so a parameter it does not
// know is a note, never a refusal; what it does know is held to its type, enum,
// length and required fields.
import { compileTemplate, type PathMatcher } from "../core/path-template";
import { asList, asObject, paramName, type FormObject, type FormValue } from "./deep-object";
import { NOT_CHECKED, type Issue, type IssueLocation, type ValidationOutcome } from "../core/validation-outcome";

type Schema = Record<string, unknown>;

export interface FormIssue extends Issue {
  /** The provider's error code for this kind of mistake, where it has one. */
  code?: string;
}

export interface FormValidation extends ValidationOutcome {
  issues: FormIssue[];
}

export interface FormOperation {
  id: string;
  method: string;
  pathTemplate: string;
  pathParams: Record<string, string>;
  query: Array<{ name: string; required: boolean; schema: Schema }>;
  body: Schema | null;
}

export interface FormSpec {
  operation(method: string, path: string): FormOperation | undefined;
  validate(op: FormOperation, input: { query: FormObject; body: FormObject }): FormValidation;
}

const rec = (v: unknown): Schema => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Schema) : {});
const HTTP_METHODS = ["get", "post", "delete", "put", "patch"];

interface Walk {
  issues: FormIssue[];
  notes: string[];
  location: IssueLocation;
}

function describe(v: FormValue): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** "a, b, or c", as Stripe lists the values an enum allows. */
function oneOf(values: unknown[]): string {
  const s = values.map(String);
  return s.length <= 2 ? s.join(" or ") : `${s.slice(0, -1).join(", ")}, or ${s.at(-1)}`;
}

function typeOf(schema: Schema): string | undefined {
  if (typeof schema.type === "string") return schema.type;
  if (schema.properties || schema.additionalProperties) return "object";
  return undefined;
}

function issue(w: Walk, path: Array<string | number>, rule: string, message: string, code?: string): void {
  w.issues.push({ location: w.location, path: paramName(path), rule, message, ...(code ? { code } : {}) });
}

function checkScalar(schema: Schema, type: string, v: string, path: Array<string | number>, w: Walk): void {
  switch (type) {
    case "integer":
      if (!/^-?\d+$/.test(v.trim())) return issue(w, path, "type", `Invalid integer: ${v}`, "parameter_invalid_integer");
      break;
    case "number":
      if (v.trim() === "" || !Number.isFinite(Number(v))) return issue(w, path, "type", `Invalid decimal: ${v}`);
      break;
    case "boolean":
      if (v !== "true" && v !== "false") return issue(w, path, "type", `Invalid boolean: ${v}`);
      break;
  }
  if (Array.isArray(schema.enum) && !schema.enum.map(String).includes(v)) {
    const message = `Invalid ${paramName(path)}: must be one of ${oneOf(schema.enum)}`;
    // Enums Stripe marks as not validated server-side take values the spec does not list.
    if (schema["x-stripeBypassValidation"] === true) w.notes.push(`${paramName(path)}=${v} is not a value the spec lists`);
    else issue(w, path, "enum", message);
    return;
  }
  if (typeof schema.maxLength === "number" && v.length > schema.maxLength) {
    issue(w, path, "maxLength", `Invalid string: ${v.slice(0, 40)}${v.length > 40 ? "…" : ""}; must be at most ${schema.maxLength} characters`);
  }
}

function walk(schema: Schema, value: FormValue, path: Array<string | number>, w: Walk): void {
  if (Array.isArray(schema.anyOf)) return walkAnyOf(schema.anyOf.map(rec), value, path, w);
  const type = typeOf(schema);
  if (type === "object") {
    const obj = asObject(value);
    if (!obj) return issue(w, path, "type", `Invalid hash`, "parameter_invalid_hash");
    return walkObject(schema, obj, path, w);
  }
  if (type === "array") {
    const list = asList(value);
    if (!list) return issue(w, path, "type", `Invalid array`);
    list.forEach((item, i) => walk(rec(schema.items), item, [...path, i], w));
    return;
  }
  if (typeof value !== "string") {
    if (type === undefined) return;
    return issue(w, path, "type", `Invalid ${type === "string" ? "string" : type}: ${describe(value)}`);
  }
  checkScalar(schema, type ?? "string", value, path, w);
}

/** Valid when one branch is; otherwise the branch meant for this kind of value explains why. */
function walkAnyOf(branches: Schema[], value: FormValue, path: Array<string | number>, w: Walk): void {
  const tries = branches.map((b) => {
    const trial: Walk = { issues: [], notes: [], location: w.location };
    walk(b, value, path, trial);
    return trial;
  });
  const ok = tries.find((t) => t.issues.length === 0);
  if (ok) {
    w.notes.push(...ok.notes);
    return;
  }
  const structured = typeof value !== "string";
  const meant = branches.findIndex((b) => (typeOf(b) === "object" || typeOf(b) === "array") === structured);
  const chosen = tries[meant >= 0 ? meant : 0]!;
  w.issues.push(...chosen.issues);
  w.notes.push(...chosen.notes);
}

function walkObject(schema: Schema, obj: FormObject, path: Array<string | number>, w: Walk): void {
  const props = rec(schema.properties);
  const extra = schema.additionalProperties;
  for (const name of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
    if (obj[name] === undefined) issue(w, [...path, name], "required", `Missing required param: ${paramName([...path, name])}.`, "parameter_missing");
  }
  for (const [key, v] of Object.entries(obj)) {
    if (Object.hasOwn(props, key)) walk(rec(props[key]), v, [...path, key], w);
    else if (typeof extra === "object" && extra !== null) walk(rec(extra), v, [...path, key], w);
    else if (schema.properties !== undefined) w.notes.push(`parameter ${paramName([...path, key])} is not in the spec; accepted, not checked`);
  }
}

export function createFormSpec(source: unknown, patch?: (doc: Schema) => void): FormSpec {
  const doc = rec(source);
  patch?.(doc);
  const paths = rec(doc.paths);
  // Literal segments win over parameters ("/v1/payment_intents/search" over "/{intent}").
  const routes: Array<{ template: string; match: PathMatcher; params: number }> = Object.keys(paths)
    .map((template) => ({ template, match: compileTemplate(template), params: (template.match(/\{/g) ?? []).length }))
    .sort((a, b) => a.params - b.params);

  return {
    operation(method, path) {
      const m = method.toLowerCase();
      if (!HTTP_METHODS.includes(m)) return undefined;
      for (const r of routes) {
        const op = rec(rec(paths[r.template])[m]);
        if (Object.keys(op).length === 0) continue;
        const pathParams = r.match(path);
        if (!pathParams) continue;
        const params = Array.isArray(op.parameters) ? op.parameters.map(rec) : [];
        const form = rec(rec(rec(rec(op.requestBody).content)["application/x-www-form-urlencoded"]).schema);
        return {
          id: typeof op.operationId === "string" ? op.operationId : `${m} ${r.template}`,
          method: m,
          pathTemplate: r.template,
          pathParams,
          query: params.filter((p) => p.in === "query").map((p) => ({ name: String(p.name), required: p.required === true, schema: rec(p.schema) })),
          body: Object.keys(form).length > 0 ? form : null,
        };
      }
      return undefined;
    },

    validate(op, input) {
      if (!op) return NOT_CHECKED;
      const query: Walk = { issues: [], notes: [], location: "query" };
      const known = new Set(op.query.map((p) => p.name));
      for (const p of op.query) {
        const v = input.query[p.name];
        if (v === undefined) {
          if (p.required) issue(query, [p.name], "required", `Missing required param: ${p.name}.`, "parameter_missing");
        } else walk(p.schema, v, [p.name], query);
      }
      for (const name of Object.keys(input.query)) if (!known.has(name)) query.notes.push(`parameter ${name} is not in the spec; accepted, not checked`);
      const body: Walk = { issues: [], notes: [], location: "formData" };
      if (op.body) walkObject(op.body, input.body, [], body);
      else for (const name of Object.keys(input.body)) body.notes.push(`parameter ${name} is not in the spec; accepted, not checked`);
      return { checked: true, issues: [...query.issues, ...body.issues], notes: [...query.notes, ...body.notes] };
    },
  };
}

// OpenAPI 3.0/3.1 (SendGrid's mail API): parameters and the JSON request body are JSON
// Schema, checked with ajv against the document itself so every $ref resolves in place.
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { safeDecode } from "../core/path-template";
import { escapePointer, resolvePointer, unescapePointer } from "./json-pointer";
import { NOT_CHECKED, type Issue, type IssueLocation, type ValidationOutcome } from "../core/validation-outcome";

export interface OpenApi3Param {
  name: string;
  in: "query" | "header" | "path" | "cookie";
  required: boolean;
  /** JSON pointer of the parameter's schema inside the document. */
  schemaPointer: string | null;
}

export interface OpenApi3Operation {
  id: string;
  method: string;
  pathTemplate: string;
  pathParams: Record<string, string>;
  params: OpenApi3Param[];
  body: { required: boolean; jsonSchemaPointer: string | null } | null;
}

export interface OpenApi3Input {
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or undefined when none was sent. */
  body: unknown;
}

export interface OpenApi3Spec {
  operation(method: string, path: string): OpenApi3Operation | undefined;
  validate(op: OpenApi3Operation, input: OpenApi3Input): ValidationOutcome;
}

const DOC_ID = "spec";
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function rec(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Follows $ref until a concrete object, keeping the pointer of where it ended. */
function deref(doc: unknown, node: unknown, pointer: string): { node: Record<string, unknown>; pointer: string } {
  let current = rec(node);
  let at = pointer;
  for (let i = 0; i < 16 && typeof current.$ref === "string"; i++) {
    at = current.$ref;
    current = rec(resolvePointer(doc, at));
  }
  return { node: current, pointer: at };
}

function templateRegex(template: string): { re: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = part.match(/^\{([^}]+)\}$/);
      if (m) {
        names.push(m[1]!);
        return "([^/]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return { re: new RegExp(`^${source}/?$`), names };
}

function issueFromAjv(e: ErrorObject, location: IssueLocation, prefix: string[]): Issue {
  const segments = [...prefix, ...e.instancePath.split("/").filter(Boolean).map(unescapePointer)];
  if (e.keyword === "required") segments.push(String((e.params as { missingProperty: string }).missingProperty));
  const path = segments.join(".");
  const message = e.keyword === "required" ? `${path} is required` : `${path || "body"} ${e.message ?? "is invalid"}`;
  return { location, path, rule: e.keyword, message };
}

export function createOpenApi3Spec(source: unknown, patch?: (doc: Record<string, unknown>) => void): OpenApi3Spec {
  const doc = structuredClone(rec(source));
  patch?.(doc);
  const is31 = String(doc.openapi ?? "").startsWith("3.1");
  // 3.1 schemas are JSON Schema 2020-12; 3.0 is draft-07 plus `nullable`, which plain Ajv understands.
  const make = (coerce: boolean) => {
    const options = { strict: false, allErrors: true, validateSchema: false, coerceTypes: coerce } as const;
    const ajv = is31 ? new Ajv2020(options) : new Ajv(options);
    addFormats(ajv);
    ajv.addSchema(doc, DOC_ID);
    return ajv;
  };
  const bodyAjv = make(false);
  const paramAjv = make(true);
  const compiled = new Map<string, ValidateFunction>();
  const compile = (ajv: Ajv, pointer: string, wrap: boolean): ValidateFunction => {
    const key = `${wrap}:${pointer}`;
    let fn = compiled.get(key);
    if (!fn) {
      const ref = { $ref: `${DOC_ID}${pointer}` };
      fn = ajv.compile(wrap ? { type: "object", properties: { value: ref } } : ref);
      compiled.set(key, fn);
    }
    return fn;
  };

  const paths = rec(doc.paths);
  const routes = Object.keys(paths).map((template) => ({ template, ...templateRegex(template) }));

  function readParams(raw: unknown, pointer: string): OpenApi3Param[] {
    if (!Array.isArray(raw)) return [];
    return raw.map((p, i) => {
      const { node, pointer: at } = deref(doc, p, `${pointer}/${i}`);
      return {
        name: String(node.name),
        in: node.in as OpenApi3Param["in"],
        required: node.required === true,
        schemaPointer: node.schema ? `${at}/schema` : null,
      };
    });
  }

  return {
    operation(method, path) {
      const m = method.toLowerCase();
      for (const r of routes) {
        const match = path.match(r.re);
        if (!match) continue;
        const item = rec(paths[r.template]);
        if (!HTTP_METHODS.includes(m) || !item[m]) continue;
        const base = `#/paths/${escapePointer(r.template)}`;
        const op = rec(item[m]);
        const pathParams: Record<string, string> = {};
        r.names.forEach((n, i) => (pathParams[n] = safeDecode(match[i + 1] ?? "")));
        let body: OpenApi3Operation["body"] = null;
        if (op.requestBody) {
          const { node, pointer } = deref(doc, op.requestBody, `${base}/${m}/requestBody`);
          const json = rec(node.content)["application/json"];
          body = { required: node.required === true, jsonSchemaPointer: json ? `${pointer}/content/application~1json/schema` : null };
        }
        return {
          id: typeof op.operationId === "string" ? op.operationId : `${m} ${r.template}`,
          method: m,
          pathTemplate: r.template,
          pathParams,
          params: [...readParams(item.parameters, `${base}/parameters`), ...readParams(op.parameters, `${base}/${m}/parameters`)],
          body,
        };
      }
      return undefined;
    },

    validate(op, input) {
      if (!op) return NOT_CHECKED;
      const issues: Issue[] = [];
      for (const p of op.params) {
        const value =
          p.in === "header" ? input.headers[p.name.toLowerCase()] : p.in === "path" ? op.pathParams[p.name] : p.in === "query" ? input.query[p.name] : undefined;
        const location: IssueLocation = p.in === "cookie" ? "header" : p.in;
        if (value === undefined) {
          if (p.required) issues.push({ location, path: p.name, rule: "required", message: `${p.in} parameter ${p.name} is required` });
          continue;
        }
        if (!p.schemaPointer) continue;
        const check = compile(paramAjv, p.schemaPointer, true);
        if (!check({ value })) {
          for (const e of check.errors ?? []) {
            issues.push({ location, path: p.name, rule: e.keyword, message: `${p.in} parameter ${p.name} ${e.message ?? "is invalid"}` });
          }
        }
      }
      if (op.body) {
        if (input.body === undefined) {
          if (op.body.required) issues.push({ location: "body", path: "", rule: "required", message: "a request body is required" });
        } else if (op.body.jsonSchemaPointer) {
          const check = compile(bodyAjv, op.body.jsonSchemaPointer, false);
          if (!check(input.body)) for (const e of check.errors ?? []) issues.push(issueFromAjv(e, "body", []));
        }
      }
      return { checked: true, issues, notes: [] };
    },
  };
}

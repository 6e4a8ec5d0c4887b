// Intuit's entity definitions (the XSDs of the official Java SDK, in
// ../shared/specs/quickbooks) as a checker of JSON request bodies: the JSON API
// uses the XSD's element names and types, so every property of a body must be an
// element (or attribute) of its type or of a type it extends, and scalar values
// must fit the XSD's built-in type. Intuit accepts any subset of the elements (it
// enforces business rules, not minOccurs), so absence is not checked here.
import { XMLParser } from "fast-xml-parser";
import { joinPath, type Issue } from "../core/validation-outcome";

interface Field {
  type: string;
  many: boolean;
}

interface ComplexType {
  base: string | null;
  fields: Map<string, Field>;
  /** simpleContent: the JSON form carries the text as "value". */
  simple: boolean;
}

export interface XsdModel {
  types: Map<string, ComplexType>;
  simpleTypes: Map<string, string>;
  check(typeName: string, body: unknown): Issue[];
}

type Node = Record<string, unknown>;
const asArray = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? (v as Node[]) : [v as Node]);
const local = (name: string) => name.replace(/^[a-z]+:/, "");

function collect(node: Node, fields: Map<string, Field>, groups: Map<string, Node>): void {
  for (const el of asArray(node["xs:element"])) {
    const name = el["@_name"] as string | undefined;
    if (!name) continue;
    fields.set(name, { type: local(String(el["@_type"] ?? "xs:string")), many: el["@_maxOccurs"] !== undefined && el["@_maxOccurs"] !== "1" });
  }
  for (const attr of asArray(node["xs:attribute"])) {
    const name = attr["@_name"] as string | undefined;
    if (name) fields.set(name, { type: local(String(attr["@_type"] ?? "xs:string")), many: false });
  }
  for (const g of asArray(node["xs:group"])) {
    const def = groups.get(local(String(g["@_ref"] ?? "")));
    if (def) collect(def, fields, groups);
  }
  for (const k of ["xs:sequence", "xs:choice", "xs:all"]) for (const child of asArray(node[k])) collect(child, fields, groups);
}

export function createXsdModel(texts: string[]): XsdModel {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", isArray: (name) => ["xs:element", "xs:complexType", "xs:simpleType", "xs:group", "xs:attribute", "xs:sequence", "xs:choice"].includes(name) });
  const schemas = texts.map((t) => (parser.parse(t) as Node)["xs:schema"] as Node);
  const groups = new Map<string, Node>();
  for (const s of schemas) for (const g of asArray(s["xs:group"])) groups.set(String(g["@_name"]), g);
  const types = new Map<string, ComplexType>();
  const simpleTypes = new Map<string, string>();
  for (const s of schemas) {
    for (const st of asArray(s["xs:simpleType"])) {
      const restriction = (st["xs:restriction"] as Node | undefined)?.["@_base"];
      simpleTypes.set(String(st["@_name"]), local(String(restriction ?? "xs:string")));
    }
    for (const ct of asArray(s["xs:complexType"])) {
      const fields = new Map<string, Field>();
      let base: string | null = null;
      let simple = false;
      const complexContent = ct["xs:complexContent"] as Node | undefined;
      const simpleContent = ct["xs:simpleContent"] as Node | undefined;
      const ext = (complexContent?.["xs:extension"] ?? complexContent?.["xs:restriction"]) as Node | undefined;
      if (ext) {
        base = local(String(ext["@_base"]));
        collect(ext, fields, groups);
      } else if (simpleContent) {
        simple = true;
        const sext = (simpleContent["xs:extension"] ?? simpleContent["xs:restriction"]) as Node | undefined;
        if (sext) collect(sext, fields, groups);
      } else {
        collect(ct, fields, groups);
      }
      types.set(String(ct["@_name"]), { base, fields, simple });
    }
  }

  const fieldOf = (typeName: string, name: string): Field | undefined => {
    for (let t = types.get(typeName); t; t = t.base ? types.get(t.base) : undefined) {
      const f = t.fields.get(name);
      if (f) return f;
      if (t.simple && name === "value") return { type: "xs:string", many: false };
    }
    return undefined;
  };

  const builtIn = (typeName: string): string => {
    let t = typeName;
    for (let i = 0; i < 10 && simpleTypes.has(t); i++) t = simpleTypes.get(t)!;
    return t.startsWith("xs:") ? t : `xs:${t}`;
  };

  function checkScalar(typeName: string, value: unknown, path: (string | number)[], issues: Issue[]) {
    const t = builtIn(typeName);
    const at = joinPath(path);
    if (["xs:decimal", "xs:double", "xs:float"].includes(t) || /int|long|short/i.test(t)) {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      if (!Number.isFinite(n)) issues.push({ location: "body", path: at, message: `${at} must be a number (${typeName})`, rule: "type" });
      else if (/int|long|short/i.test(t) && !Number.isInteger(n)) issues.push({ location: "body", path: at, message: `${at} must be a whole number (${typeName})`, rule: "type" });
    } else if (t === "xs:boolean") {
      if (typeof value !== "boolean" && value !== "true" && value !== "false") issues.push({ location: "body", path: at, message: `${at} must be true or false`, rule: "type" });
    } else if (t === "xs:date") {
      if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(value)) issues.push({ location: "body", path: at, message: `${at} must be a date (YYYY-MM-DD)`, rule: "format" });
    } else if (typeof value === "object" && value !== null) {
      issues.push({ location: "body", path: at, message: `${at} must be a ${typeName}, not an object`, rule: "type" });
    }
  }

  function checkValue(typeName: string, value: unknown, path: (string | number)[], issues: Issue[], many: boolean) {
    if (Array.isArray(value)) {
      if (!many) issues.push({ location: "body", path: joinPath(path), message: `${joinPath(path)} takes one value, not a list`, rule: "type" });
      value.forEach((v, i) => checkValue(typeName, v, [...path, i], issues, false));
      return;
    }
    if (value === null) return;
    if (types.has(typeName) && !types.get(typeName)!.simple) {
      if (typeof value !== "object") {
        issues.push({ location: "body", path: joinPath(path), message: `${joinPath(path)} must be an object (${typeName})`, rule: "type" });
        return;
      }
      checkObject(typeName, value as Node, path, issues);
      return;
    }
    if (types.has(typeName)) {
      // simpleContent (ReferenceType): {"value": "1", "name": "…"}, or the bare value.
      if (typeof value === "object") checkObject(typeName, value as Node, path, issues);
      return;
    }
    checkScalar(typeName, value, path, issues);
  }

  function checkObject(typeName: string, obj: Node, path: (string | number)[], issues: Issue[]) {
    for (const [key, v] of Object.entries(obj)) {
      // Intuit's JSON adds these beside the XSD's elements: "sparse" on updates, "domain" and "status" on reads.
      if (path.length === 0 && (key === "sparse" || key === "domain" || key === "status")) continue;
      const f = fieldOf(typeName, key);
      if (!f) {
        issues.push({ location: "body", path: joinPath([...path, key]), message: `Property Name:${key} specified is unsupported or invalid for ${typeName}`, rule: "unknown" });
        continue;
      }
      checkValue(f.type, v, [...path, key], issues, f.many);
    }
  }

  return {
    types,
    simpleTypes,
    check(typeName, body) {
      const issues: Issue[] = [];
      if (typeof body !== "object" || body === null || Array.isArray(body)) return [{ location: "body", path: "", message: `The body must be a ${typeName} object`, rule: "type" }];
      if (!types.has(typeName)) return [{ location: "body", path: "", message: `No entity ${typeName} in Intuit's definitions`, rule: "unknown" }];
      checkObject(typeName, body as Node, [], issues);
      return issues;
    },
  };
}

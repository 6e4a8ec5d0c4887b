// Graph's OData CSDL (../shared/specs/microsoft/graph-v1.0.csdl) as a request
// body checker: every property a body sets must exist on the type (or its base
// types) with a compatible value, as Graph refuses "The property 'x' does not
// exist on type 'microsoft.graph.event'". The XML is read with fast-xml-parser.
import { XMLParser } from "fast-xml-parser";
import type { Issue, ValidationOutcome } from "../core/validation-outcome";

interface PropertyDef {
  type: string;
  nullable: boolean;
}

interface StructuredType {
  name: string;
  base: string | null;
  properties: Map<string, PropertyDef>;
  navigation: Set<string>;
}

export interface CsdlModel {
  /**
   * The body's issues against a type ("graph.event") or a bound action's parameters:
   * "action:getSchedule" (the first action of that name), or "action:invite@graph.driveItem"
   * (the overload bound to that type, for a name several types share).
   */
  check(typeName: string, value: unknown): ValidationOutcome;
  hasType(typeName: string): boolean;
}

type Attrs = Record<string, string>;
type XmlType = Attrs & { Property?: Attrs[]; NavigationProperty?: Attrs[] };
type XmlSchema = Attrs & { EntityType?: XmlType[]; ComplexType?: XmlType[]; EnumType?: Array<Attrs & { Member?: Attrs[] }>; Action?: Array<Attrs & { Parameter?: Attrs[] }> };

const ARRAYS = new Set(["Schema", "EntityType", "ComplexType", "EnumType", "Member", "Property", "NavigationProperty", "Action", "Parameter"]);

/** "microsoft.graph.event", "#microsoft.graph.event" and "graph.event" name the same type. */
function normalize(name: string, aliases: Map<string, string>): string {
  const n = name.replace(/^#/, "");
  const dot = n.lastIndexOf(".");
  const ns = n.slice(0, dot);
  return `${aliases.get(ns.toLowerCase()) ?? ns}.${n.slice(dot + 1)}`;
}

const PRIMITIVE: Record<string, (v: unknown) => boolean> = {
  "Edm.String": (v) => typeof v === "string",
  "Edm.Boolean": (v) => typeof v === "boolean",
  "Edm.Int32": (v) => Number.isInteger(v) && Math.abs(v as number) <= 2 ** 31,
  "Edm.Int64": (v) => Number.isInteger(v),
  "Edm.Int16": (v) => Number.isInteger(v),
  "Edm.Byte": (v) => Number.isInteger(v),
  "Edm.Double": (v) => typeof v === "number" || v === "NaN" || v === "INF" || v === "-INF",
  "Edm.Single": (v) => typeof v === "number",
  "Edm.Decimal": (v) => typeof v === "number",
  "Edm.Guid": (v) => typeof v === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  "Edm.DateTimeOffset": (v) => typeof v === "string" && !Number.isNaN(Date.parse(v)),
  "Edm.Date": (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v),
  "Edm.TimeOfDay": (v) => typeof v === "string" && /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v),
  "Edm.Duration": (v) => typeof v === "string" && /^-?P/.test(v),
  "Edm.Binary": (v) => typeof v === "string",
  "Edm.Stream": () => true,
  "Edm.Untyped": () => true,
};

export function createCsdlModel(xml: string): CsdlModel {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => ARRAYS.has(name) }).parse(xml) as {
    "edmx:Edmx": { "edmx:DataServices": { Schema: XmlSchema[] } };
  };
  const schemas = doc["edmx:Edmx"]["edmx:DataServices"].Schema;
  const aliases = new Map<string, string>();
  for (const s of schemas) aliases.set(s.Namespace!.toLowerCase(), s.Alias ?? s.Namespace!);
  const types = new Map<string, StructuredType>();
  const enums = new Map<string, Set<string>>();
  const actions = new Map<string, Array<{ binding: string; params: Map<string, PropertyDef> }>>();
  for (const s of schemas) {
    const ns = s.Alias ?? s.Namespace!;
    for (const t of [...(s.EntityType ?? []), ...(s.ComplexType ?? [])]) {
      const properties = new Map<string, PropertyDef>();
      for (const p of t.Property ?? []) properties.set(p.Name!, { type: p.Type!, nullable: p.Nullable !== "false" });
      types.set(`${ns}.${t.Name}`, { name: `${ns}.${t.Name}`, base: t.BaseType ? normalize(t.BaseType, aliases) : null, properties, navigation: new Set((t.NavigationProperty ?? []).map((n) => n.Name!)) });
    }
    for (const e of s.EnumType ?? []) enums.set(`${ns}.${e.Name}`, new Set((e.Member ?? []).map((m) => m.Name!)));
    for (const a of s.Action ?? []) {
      const params = new Map<string, PropertyDef>();
      for (const p of (a.Parameter ?? []).slice(1)) params.set(p.Name!.toLowerCase(), { type: p.Type!, nullable: p.Nullable !== "false" });
      const bound = a.Parameter?.[0]?.Type ?? "";
      const binding = /^Collection\((.+)\)$/.exec(bound)?.[1] ?? bound;
      actions.set(a.Name!, [...(actions.get(a.Name!) ?? []), { binding: binding ? normalize(binding, aliases) : "", params }]);
    }
  }

  function property(typeName: string, name: string): PropertyDef | "navigation" | undefined {
    for (let t = types.get(typeName); t; t = t.base ? types.get(t.base) : undefined) {
      const p = t.properties.get(name);
      if (p) return p;
      if (t.navigation.has(name)) return "navigation";
    }
    return undefined;
  }

  function isA(typeName: string, ancestor: string): boolean {
    for (let t = types.get(typeName); t; t = t.base ? types.get(t.base) : undefined) if (t.name === ancestor) return true;
    return false;
  }

  function display(typeName: string): string {
    return typeName.replace(/^graph\./, "microsoft.graph.");
  }

  function value(type: string, nullable: boolean, v: unknown, path: string, issues: Issue[]): void {
    if (v === null) {
      if (!nullable) issues.push({ location: "body", path, message: `A null value was found for the property named '${path.split(".").pop()}', which expects a non-null value.`, rule: "nullable" });
      return;
    }
    const collection = /^Collection\((.+)\)$/.exec(type);
    if (collection) {
      if (!Array.isArray(v)) return void issues.push({ location: "body", path, message: `An array was expected for '${path}' (${type}).`, rule: "type" });
      v.forEach((item, i) => value(collection[1]!, true, item, `${path}.${i}`, issues));
      return;
    }
    const primitive = PRIMITIVE[type];
    if (primitive) {
      if (!primitive(v)) issues.push({ location: "body", path, message: `Cannot convert the literal '${JSON.stringify(v)}' to the expected type '${type}'.`, rule: "type" });
      return;
    }
    const t = normalize(type, aliases);
    const members = enums.get(t);
    if (members) {
      // Flag enums take comma-separated members.
      if (typeof v !== "string" || !v.split(",").every((m) => members.has(m.trim()))) {
        issues.push({ location: "body", path, message: `Requested value '${String(v)}' was not found in ${display(t)} (one of ${[...members].join(", ")}).`, rule: "enum" });
      }
      return;
    }
    if (types.has(t)) return structured(t, v, path, issues);
    issues.push({ location: "body", path, message: `Unknown type ${type} in the API description.`, rule: "type" });
  }

  function structured(typeName: string, v: unknown, path: string, issues: Issue[]): void {
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      return void issues.push({ location: "body", path: path || "(body)", message: `An object of type ${display(typeName)} was expected.`, rule: "type" });
    }
    const obj = v as Record<string, unknown>;
    let actual = typeName;
    const declared = obj["@odata.type"];
    if (typeof declared === "string") {
      const named = normalize(declared, aliases);
      if (!types.has(named) || !isA(named, typeName)) return void issues.push({ location: "body", path: `${path ? `${path}.` : ""}@odata.type`, message: `${declared} is not ${display(typeName)} or a type derived from it.`, rule: "type" });
      actual = named;
    }
    for (const [key, item] of Object.entries(obj)) {
      const at = path ? `${path}.${key}` : key;
      // Instance annotations (@odata.type, @odata.etag) are not properties.
      if (key.includes("@")) continue;
      const p = property(actual, key);
      if (p === "navigation") continue;
      // Graph's event is an open type in the CSDL, yet Graph refuses a property it does not know: so does the sandbox.
      if (!p) {
        issues.push({ location: "body", path: at, message: `The property '${key}' does not exist on type '${display(actual)}'. Make sure to only use property names that are defined by the type.`, rule: "unknown_property" });
        continue;
      }
      value(p.type, p.nullable, item, at, issues);
    }
  }

  return {
    hasType: (name) => types.has(normalize(name, aliases)),
    check(typeName, body) {
      const issues: Issue[] = [];
      const action = /^action:([^@]+)(?:@(.+))?$/.exec(typeName);
      if (action) {
        const overloads = actions.get(action[1]!) ?? [];
        const params = (action[2] ? overloads.find((o) => o.binding === normalize(action[2]!, aliases)) : overloads[0])?.params;
        if (!params) throw new Error(`No action ${action[1]}${action[2] ? ` bound to ${action[2]}` : ""} in the CSDL`);
        if (typeof body !== "object" || body === null || Array.isArray(body)) {
          issues.push({ location: "body", path: "(body)", message: `The parameters of ${action[1]} must be a JSON object.`, rule: "type" });
        } else {
          // Action parameters are matched without regard to case, as Graph does (the CSDL spells them "Schedules").
          for (const [key, item] of Object.entries(body as Record<string, unknown>)) {
            const p = params.get(key.toLowerCase());
            if (!p) issues.push({ location: "body", path: key, message: `'${key}' is not a parameter of ${action[1]}.`, rule: "unknown_property" });
            else value(p.type, p.nullable, item, key, issues);
          }
        }
      } else {
        structured(normalize(typeName, aliases), body, "", issues);
      }
      return { checked: true, issues, notes: [] };
    },
  };
}

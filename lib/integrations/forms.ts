// A connector's forms, read from its manifest's zod schemas: each field of the
// object schema that carries a label in its .meta() is a form field, in the
// schema's order. The schema stays the one description of a field; there is no
// second list to keep in step with it.
import type { z } from "zod";
import type { Manifest } from "./contract";

export type FieldType = "text" | "secret" | "email" | "checkbox" | "number" | "select" | "textarea" | "map";

/** What the keys of a map field are, read from the organization's own data. */
export type MapKeys = "ticketTypeNames";

declare module "zod" {
  interface GlobalMeta {
    /** The form label; a field without one is not shown in a form. */
    label?: string;
    help?: string;
    placeholder?: string;
    /** How the value is typed where the schema's kind does not say (a secret, a select filled by the connector). */
    input?: FieldType;
    /** What a select's empty choice says, where leaving it empty means something ("Switchboard's template"); "Choose…" otherwise. */
    emptyChoice?: string;
    /** What a person reads for each value of a z.enum select; the value itself where absent. */
    choiceLabels?: Record<string, string>;
    /** A map field (a z.record of string to string): one select per key, the keys read from the organization, the choices from the connector. */
    mapKeys?: MapKeys;
  }
}

export interface FormField {
  name: string;
  label: string;
  type: FieldType;
  help?: string;
  placeholder?: string;
  /** False when the schema accepts the field left out (it has a default or is optional). */
  required: boolean;
  /** The schema's default, where it has one. */
  default?: unknown;
  /** For a select of fixed values (a z.enum). */
  choices?: Array<{ value: string; label: string }>;
  emptyChoice?: string;
  mapKeys?: MapKeys;
}

type AnySchema = z.core.$ZodType;

/** The wrappers a field's own kind sits inside, outermost first. */
function layers(schema: AnySchema): AnySchema[] {
  const out: AnySchema[] = [];
  let s: AnySchema | undefined = schema;
  while (s) {
    out.push(s);
    const def = s._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
    s = def.type === "pipe" ? def.in : def.innerType;
  }
  return out;
}

function metaOf(schema: AnySchema): z.core.GlobalMeta | undefined {
  for (const s of layers(schema)) {
    const meta = (s as { meta?: () => z.core.GlobalMeta | undefined }).meta?.();
    if (meta) return meta;
  }
  return undefined;
}

/** The type a field's kind implies: a boolean is a checkbox, an e-mail an e-mail field, an enum a select. */
function kindType(schema: AnySchema): FieldType {
  const inner = layers(schema).at(-1)!;
  const def = inner._zod.def as { type: string; format?: string; options?: AnySchema[] };
  if (def.type === "boolean") return "checkbox";
  if (def.type === "number") return "number";
  if (def.type === "enum") return "select";
  if (def.type === "record") return "map";
  if (def.type === "string" && def.format === "email") return "email";
  // An e-mail address or nothing: z.union([z.literal(""), z.email()]).
  if (def.type === "union" && def.options?.some((o) => kindType(o) === "email")) return "email";
  return "text";
}

function defaultOf(schema: AnySchema): unknown {
  for (const s of layers(schema)) {
    const def = s._zod.def as { type: string; defaultValue?: unknown };
    if (def.type === "default") return def.defaultValue;
  }
  return undefined;
}

function enumChoices(schema: AnySchema, labels: Record<string, string> = {}): FormField["choices"] {
  const def = layers(schema).at(-1)!._zod.def as { type: string; entries?: Record<string, string> };
  return def.type === "enum" && def.entries ? Object.values(def.entries).map((v) => ({ value: v, label: labels[v] ?? v })) : undefined;
}

/** The form fields of an object schema (refinements on the object included). */
export function formFields(schema: AnySchema): FormField[] {
  const shape = (schema._zod.def as { shape?: Record<string, AnySchema> }).shape;
  if (!shape) return [];
  return Object.entries(shape).flatMap(([name, field]) => {
    const meta = metaOf(field);
    if (!meta?.label) return [];
    // Zod marks a field that may be left out "optional", or "defaulted" when the default fills it in.
    const required = field._zod.optin === undefined;
    const f: FormField = { name, label: meta.label, type: meta.input ?? kindType(field), required };
    if (meta.help) f.help = meta.help;
    if (meta.placeholder) f.placeholder = meta.placeholder;
    if (meta.emptyChoice) f.emptyChoice = meta.emptyChoice;
    if (meta.mapKeys) f.mapKeys = meta.mapKeys;
    const fallback = defaultOf(field);
    if (fallback !== undefined) f.default = fallback;
    const choices = enumChoices(field, meta.choiceLabels);
    if (choices) f.choices = choices;
    return [f];
  });
}

/** What the admin types to connect: only key connectors have a credentials form (OAuth stores tokens). */
export function credentialFields(manifest: Pick<Manifest, "auth" | "credentialsSchema">): FormField[] {
  return manifest.auth === "api_key" ? formFields(manifest.credentialsSchema) : [];
}

/** The name a map field's select for one key has in a form: the field, a colon, the key (keys may hold any character; the field name holds none of these). */
export function mapInputName(field: string, key: string): string {
  return `${field}:${key}`;
}

/**
 * The settings a submitted form holds, ready for the schema: an unticked checkbox
 * is absent from a form, so every declared one is read; a map field gathers its
 * selects, a key left on the empty choice meaning "the default", so it is left out.
 */
export function settingsInput(fields: FormField[], values: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.type === "checkbox") input[f.name] = values[f.name] === "on";
    else if (f.type === "map") {
      const prefix = mapInputName(f.name, "");
      const map: Record<string, string> = {};
      for (const [name, value] of Object.entries(values)) if (name.startsWith(prefix) && value.trim()) map[name.slice(prefix.length)] = value.trim();
      input[f.name] = map;
    } else input[f.name] = values[f.name] ?? "";
  }
  return input;
}

export function settingsFields(manifest: Pick<Manifest, "settingsSchema">): FormField[] {
  return formFields(manifest.settingsSchema);
}

// The kinds of registration question. Six are built in; connectors add their own
// (a username on their service) as data, which lib/integrations/question-kinds.ts
// collects from the registry's manifests and hands in here, since the domain does
// not reach into the integrations.

/** A kind a connector brings: the same fields as its manifest's QuestionKindManifest. */
export interface ExtraKind {
  id: string;
  label: string;
  help?: string;
  placeholder?: string;
  /** JavaScript regular expression source the whole answer must match. */
  pattern: string;
  patternMessage: string;
  maxLength: number;
}

export const BUILT_IN_KINDS = [
  { id: "short-text", label: "Short text" },
  { id: "long-text", label: "Long text" },
  { id: "choice", label: "Choice (one of a list)" },
  { id: "checkbox", label: "Checkbox (yes or no)" },
  { id: "email", label: "E-mail address" },
  { id: "url", label: "Web address (URL)" },
] as const;

export type BuiltInKind = (typeof BUILT_IN_KINDS)[number]["id"];

export function isBuiltInKind(kind: string): kind is BuiltInKind {
  return BUILT_IN_KINDS.some((k) => k.id === kind);
}

/** Longest answers of the built-in text kinds. */
export const SHORT_TEXT_MAX = 200;
export const LONG_TEXT_MAX = 5000;

/**
 * What the organizer may pick: the built-in kinds, then every connector's. A
 * connector kind whose id clashes with a built-in one is left out (the built-in wins).
 */
export function kindOptions(extra: readonly ExtraKind[]): Array<{ id: string; label: string }> {
  const own = BUILT_IN_KINDS.map((k) => ({ id: k.id, label: k.label }));
  const more = extra.filter((k) => !isBuiltInKind(k.id)).map((k) => ({ id: k.id, label: k.label }));
  return [...own, ...more];
}

export function findExtraKind(extra: readonly ExtraKind[], id: string): ExtraKind | undefined {
  return isBuiltInKind(id) ? undefined : extra.find((k) => k.id === id);
}

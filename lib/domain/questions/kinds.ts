// The kinds of registration question. Seven are built in; connectors add their own
// (a username on their service) as data, which lib/integrations/question-kinds.ts
// collects from the registry's manifests and hands in here, since the domain does
// not reach into the integrations.

/**
 * A kind a connector brings, as data on its manifest (the contract re-exports it):
 * what the event form offers and how the public form checks its format.
 */
export interface QuestionKindManifest {
  /** Stored on the question and carried in payloads (`kind`): one name across lib, sandbox and UI. */
  id: string;
  /** What the organizer picks in the event form ("GitHub username"). */
  label: string;
  /** Shown under the field on the public form. */
  help?: string;
  placeholder?: string;
  /** A format check without the provider (JavaScript regular expression source, whole value). */
  pattern: string;
  /** The field error when the pattern does not match. */
  patternMessage: string;
  /** Longest answer accepted. */
  maxLength: number;
}

export const BUILT_IN_KINDS = [
  { id: "short-text", label: "Short text" },
  { id: "long-text", label: "Long text" },
  { id: "choice", label: "Choice (one of a list)" },
  { id: "checkbox", label: "Checkbox (yes or no)" },
  { id: "email", label: "E-mail address" },
  { id: "url", label: "Web address (URL)" },
  // The answer is the id of a file the attendee uploaded (lib/domain/questions/file-answers.ts).
  { id: "file", label: "File upload" },
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
export function kindOptions(extra: readonly QuestionKindManifest[]): Array<{ id: string; label: string }> {
  const own = BUILT_IN_KINDS.map((k) => ({ id: k.id, label: k.label }));
  const more = extra.filter((k) => !isBuiltInKind(k.id)).map((k) => ({ id: k.id, label: k.label }));
  return [...own, ...more];
}

export function findExtraKind(extra: readonly QuestionKindManifest[], id: string): QuestionKindManifest | undefined {
  return isBuiltInKind(id) ? undefined : extra.find((k) => k.id === id);
}

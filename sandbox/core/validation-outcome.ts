// What every spec validator reports, whatever the spec's format, so the request log
// and the providers' refusals read the same way.
export type IssueLocation = "path" | "query" | "header" | "formData" | "body";

export interface Issue {
  location: IssueLocation;
  /** Dotted path of the offending value: "channel", "personalizations.0.to", "start.dateTime". */
  path: string;
  /** What is wrong, in words a developer can act on. */
  message: string;
  /** Which rule failed: "required", "type", "enum", "format", or a rule of the provider's own. */
  rule: string;
}

export interface ValidationOutcome {
  /** False when the specs folder is absent: nothing was checked. */
  checked: boolean;
  issues: Issue[];
  /** Things the spec does not know but a lenient API accepts (unknown parameters). */
  notes: string[];
}

export const NOT_CHECKED: ValidationOutcome = Object.freeze({ checked: false, issues: [], notes: [] }) as ValidationOutcome;

export function joinPath(segments: ReadonlyArray<string | number>): string {
  return segments.map(String).join(".");
}

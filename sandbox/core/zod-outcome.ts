// For providers that publish no API description the sandbox could load: a zod
// check's result in the shape every validator reports, saying which reference the
// schema was written from.
import type { z } from "zod";
import type { Issue, IssueLocation, ValidationOutcome } from "./validation-outcome";

export function zodOutcome(result: { success: true } | { success: false; error: z.ZodError }, source: string, location: IssueLocation = "body"): ValidationOutcome {
  if (result.success) return { checked: true, issues: [], notes: [`Checked with zod schemas written from ${source} (no published spec)`] };
  const issues: Issue[] = result.error.issues.map((i) => ({
    location,
    // An unknown field is named by itself, not by the object that holds it.
    path: [...i.path.map(String), ...(i.code === "unrecognized_keys" ? [i.keys.join(",")] : [])].filter(Boolean).join("."),
    message: i.message,
    rule: i.code,
  }));
  return { checked: true, issues, notes: [] };
}

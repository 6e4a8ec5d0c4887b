// A request that breaks the Calendar API's discovery document, refused the way Google
// refuses it: 400, the first problem as the message, every problem in errors[].
import type { Ctx } from "../core/context";
import type { Issue } from "../core/validation-outcome";
import { apiError, type GoogleErrorItem } from "./errors";

/** Google's wording for the required fields it names itself. */
const MISSING: Record<string, string> = {
  start: "Missing start time.",
  end: "Missing end time.",
  iCalUID: "Missing iCalUID.",
};

function item(issue: Issue): GoogleErrorItem {
  const message = issue.rule === "required" && MISSING[issue.path] ? MISSING[issue.path]! : issue.message;
  if (issue.location === "query" || issue.location === "path") {
    return { domain: "global", reason: issue.rule === "required" ? "required" : "invalidParameter", message, locationType: "parameter", location: issue.path };
  }
  return { domain: "global", reason: issue.rule === "required" ? "required" : "invalid", message };
}

export function refuse(ctx: Ctx, issues: Issue[]): void {
  const errors = issues.map(item);
  apiError(ctx, 400, errors[0]?.message ?? "Bad Request", errors);
}

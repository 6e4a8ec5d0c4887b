// How Slack refuses a call that breaks its method's contract. A few required
// arguments have their own error codes; the rest get invalid_arguments with
// Slack's "[ERROR] …" messages in response_metadata.
import type { Issue } from "../core/validation-outcome";
import { fail, type SlackAnswer } from "./method";

const MISSING_ARGUMENT_ERRORS: Record<string, string> = {
  token: "not_authed",
  channel: "channel_not_found",
  code: "invalid_code",
  users: "no_user",
};

export function refusal(issues: Issue[]): SlackAnswer {
  for (const issue of issues) {
    const code = issue.rule === "required" ? MISSING_ARGUMENT_ERRORS[issue.path] : undefined;
    if (code) return fail(code);
  }
  return fail("invalid_arguments", { response_metadata: { messages: issues.map((i) => `[ERROR] ${i.message}`) } });
}

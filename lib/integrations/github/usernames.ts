// The github-username question: an answer is checked to be a real account (GET
// /users/{username}) and kept in GitHub's own spelling of the login, so the
// invitation later names the right person. A 404 is the attendee's field error.
import { ProviderCallError } from "../contract";
import type { AnswerChecker } from "../contract/questions";
import { octokitFor } from "./app";
import type { GithubContext } from "./manifest";

export const checkGithubUsername: AnswerChecker<GithubContext> = async (ctx, value, signal) => {
  const username = value.trim().replace(/^@/, "");
  const gh = await octokitFor(ctx);
  try {
    const { data } = await ctx.call("users.getByUsername", (callSignal) => gh.rest.users.getByUsername({ username, request: { signal: AbortSignal.any([signal, callSignal]) } }));
    return { ok: true, canonical: data.login };
  } catch (err) {
    if (err instanceof ProviderCallError && err.failure.kind === "not_found") return { ok: false, message: `No GitHub account is called “${username}”; check the spelling (it is the name in github.com/<username>).` };
    throw err;
  }
};

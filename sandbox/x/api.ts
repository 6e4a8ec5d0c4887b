// X's API v2 under /x/2/: the signed-in user, creating a post and deleting it,
// with X's problem details, its duplicate-content refusal and the create
// endpoint's rate-limit window.
import type { Ctx } from "../core/context";
import { bearerToken } from "../core/context";
import { pick } from "../core/ids";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { zodOutcome } from "../core/zod-outcome";
import { problem, rateHeaders } from "./errors";
import { createPostInput } from "./inputs";
import { X_STATE, X_WINDOW_MS, type XState } from "./state";
import { X_TOKENS } from "./tokens";

/** The scopes each operation needs, as X's reference lists them. */
const NEEDS: Record<string, string[]> = {
  "users.me": ["tweet.read", "users.read"],
  "tweets.create": ["tweet.read", "tweet.write", "users.read"],
  "tweets.delete": ["tweet.read", "tweet.write", "users.read"],
};

const SOURCE = "X's API reference (docs.x.com, POST /2/tweets)";

function authorized(ctx: Ctx, state: XState, operation: string): boolean {
  record(ctx, `x ${operation}`);
  const grant = X_TOKENS.grantForAccessToken(state, bearerToken(ctx), ctx.rt.clock.now());
  if (!grant) {
    problem(ctx, 401, "Unauthorized", "Unauthorized");
    return false;
  }
  const missing = NEEDS[operation]!.filter((s) => !grant.scopes.includes(s));
  if (missing.length) {
    problem(ctx, 403, "Forbidden", `You are not permitted to perform this action. Missing scopes: ${missing.join(", ")}`);
    return false;
  }
  return true;
}

/** Counts one create in the window; false (after answering 429) when it is used up. */
function withinWindow(ctx: Ctx, state: XState): boolean {
  const now = ctx.rt.clock.now();
  if (now >= state.window.resetsAt) state.window = { ...state.window, used: 0, resetsAt: now + X_WINDOW_MS };
  if (state.window.used >= state.window.limit) {
    problem(ctx, 429, "Too Many Requests", "Too Many Requests", {}, rateHeaders(ctx));
    return false;
  }
  state.window.used++;
  return true;
}

export function handleApi(ctx: Ctx, path: string): void {
  const state = X_STATE.of(ctx.rt);
  if (path === "users/me" && ctx.method === "GET") {
    if (!authorized(ctx, state, "users.me")) return;
    return sendJson(ctx, 200, { data: { id: state.user.id, name: state.user.name, username: state.user.username } });
  }
  if (path === "tweets" && ctx.method === "POST") {
    if (!authorized(ctx, state, "tweets.create")) return;
    const input = createPostInput.safeParse(ctx.body.kind === "json" ? ctx.body.value : undefined);
    const outcome = zodOutcome(input, SOURCE);
    record(ctx, "x tweets.create", outcome);
    if (!input.success) {
      const parameters: Record<string, string[]> = {};
      for (const i of outcome.issues) (parameters[i.path || "body"] ??= []).push(i.message);
      return problem(ctx, 400, "Invalid Request", "One or more parameters to your request was invalid.", { errors: outcome.issues.map((i) => ({ parameters, message: `${i.path || "body"} ${i.message}` })) });
    }
    if (!withinWindow(ctx, state)) return;
    const text = input.data.text ?? "";
    if ([...state.posts.values()].some((p) => !p.deleted && p.authorId === state.user.id && p.text === text)) {
      return problem(ctx, 403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.", {}, rateHeaders(ctx));
    }
    const id = `18${pick("0123456789", 17)}`;
    state.posts.set(id, { id, text, authorId: state.user.id, createdAt: new Date(ctx.rt.clock.now()).toISOString(), deleted: false });
    return sendJson(ctx, 201, { data: { id, text, edit_history_tweet_ids: [id] } }, rateHeaders(ctx));
  }
  const one = path.match(/^tweets\/([^/]+)$/);
  if (one && ctx.method === "DELETE") {
    if (!authorized(ctx, state, "tweets.delete")) return;
    const post = state.posts.get(one[1]!);
    if (!post || post.deleted) return problem(ctx, 404, "Not Found Error", `Could not find tweet with id: [${one[1]}].`);
    post.deleted = true;
    return sendJson(ctx, 200, { data: { deleted: true } });
  }
  record(ctx, null);
  problem(ctx, 404, "Not Found Error", "Not Found");
}

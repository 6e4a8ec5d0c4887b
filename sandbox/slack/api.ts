// One Web API call: parse the arguments wherever Slack reads them, authenticate,
// check scopes, check the call against Slack's published spec, then run the method.
import { bearerToken, type Ctx } from "../core/context";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { NOT_CHECKED, type ValidationOutcome } from "../core/validation-outcome";
import { fail, missingScope, type SlackAnswer, type SlackArgs, type SlackMethod } from "./method";
import { authRevoke, authTest } from "./methods/auth";
import { chatPostMessage } from "./methods/chat";
import { conversationsCreate, conversationsInvite, conversationsJoin, conversationsList } from "./methods/conversations";
import { oauthV2Access } from "./methods/oauth";
import { usersLookupByEmail } from "./methods/users";
import { refusal } from "./refusal";
import { SLACK_STATE, type SlackToken } from "./state";
import { SLACK_SPEC } from "./spec";

const METHODS: Record<string, SlackMethod> = {
  "auth.test": authTest,
  "auth.revoke": authRevoke,
  "chat.postMessage": chatPostMessage,
  "conversations.list": conversationsList,
  "conversations.create": conversationsCreate,
  "conversations.invite": conversationsInvite,
  "conversations.join": conversationsJoin,
  "users.lookupByEmail": usersLookupByEmail,
  "oauth.v2.access": oauthV2Access,
};

export const EMULATED_SLACK_METHODS = Object.keys(METHODS);

type Parsed = { args: SlackArgs; json: boolean } | { error: string };

function parseArgs(ctx: Ctx): Parsed {
  const body = ctx.body;
  switch (body.kind) {
    case "invalid":
      return { error: "invalid_json" };
    case "other":
      return { error: "invalid_form_data" };
    case "json":
      if (typeof body.value !== "object" || body.value === null || Array.isArray(body.value)) return { error: "json_not_object" };
      return { args: { ...ctx.query, ...(body.value as SlackArgs) }, json: true };
    case "form":
      return { args: { ...ctx.query, ...body.value }, json: false };
    case "none":
      return { args: { ...ctx.query }, json: false };
  }
}

function authenticate(ctx: Ctx, token: string | undefined): { token: SlackToken } | { refusal: SlackAnswer } {
  if (!token) return { refusal: fail("not_authed") };
  const known = SLACK_STATE.of(ctx.rt).tokens.get(token);
  if (!known) return { refusal: fail("invalid_auth") };
  if (known.revoked) return { refusal: fail("token_revoked") };
  return { token: known };
}

function answer(ctx: Ctx, body: SlackAnswer, token: SlackToken | null, method: SlackMethod | undefined): void {
  const headers: Record<string, string> = {};
  if (token) headers["X-OAuth-Scopes"] = token.scopes.join(",");
  if (method?.scopes) headers["X-Accepted-OAuth-Scopes"] = method.scopes[0]!;
  sendJson(ctx, 200, body, headers);
}

export async function handleApiCall(ctx: Ctx, name: string): Promise<void> {
  const spec = await ctx.rt.specs.load(SLACK_SPEC);
  const specOp = spec?.operation(`/${name}`);
  const method = Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
  if (!method) {
    record(ctx, specOp ? `slack ${name}` : null, { ...NOT_CHECKED, notes: specOp ? ["in Slack's spec, but not emulated by the sandbox"] : [] });
    sendJson(ctx, 404, { ok: false, error: "unknown_method", req_method: name });
    return;
  }
  const parsed = parseArgs(ctx);
  if ("error" in parsed) {
    record(ctx, `slack ${name}`);
    return answer(ctx, fail(parsed.error), null, method);
  }
  // A JSON body cannot carry the token: Slack reads it from the Authorization header only.
  const rawToken = bearerToken(ctx) ?? (parsed.json ? undefined : typeof parsed.args.token === "string" ? parsed.args.token : undefined);
  let token: SlackToken | null = null;
  if (method.auth) {
    const auth = authenticate(ctx, rawToken);
    if ("refusal" in auth) {
      record(ctx, `slack ${name}`);
      return answer(ctx, auth.refusal, null, method);
    }
    token = auth.token;
    const scopeRefusal = method.scopes ? missingScope(token, method.scopes) : null;
    if (scopeRefusal) {
      record(ctx, `slack ${name}`);
      return answer(ctx, scopeRefusal, token, method);
    }
  }
  let validation: ValidationOutcome = NOT_CHECKED;
  if (spec) {
    validation = specOp
      ? spec.validate(specOp, { query: ctx.query, formData: parsed.args, header: rawToken ? { token: rawToken } : {} }, { anyLocation: true, structuredStrings: parsed.json })
      : { checked: true, issues: [], notes: [`${name} is not in Slack's spec`] };
  }
  record(ctx, `slack ${name}`, validation);
  if (validation.issues.length > 0) return answer(ctx, refusal(validation.issues), token, method);
  const result = method.run({ ctx, state: SLACK_STATE.of(ctx.rt), args: parsed.args, token, now: ctx.rt.clock.now() });
  answer(ctx, result, token, method);
}

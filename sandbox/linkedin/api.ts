// LinkedIn's API under /linkedin/: the member's OpenID userinfo, the pages they
// administer (organizationAcls, organizations) and the Posts API, each REST call
// with its required version headers, LinkedIn's error bodies, its duplicate-post
// refusal, and who may post as whom.
import type { Ctx } from "../core/context";
import { bearerToken, first, header } from "../core/context";
import { pick } from "../core/ids";
import { record } from "../core/record";
import { sendEmpty, sendJson } from "../core/respond";
import { zodOutcome } from "../core/zod-outcome";
import { apiError } from "./errors";
import { createPostInput } from "./inputs";
import { LINKEDIN_STATE, type LinkedInState } from "./state";
import { LINKEDIN_TOKENS } from "./tokens";
import type { Grant } from "../oauth/grants";

const SOURCE = "LinkedIn's Posts API reference";

/** The grant behind the bearer token, or null after answering 401 as LinkedIn does (revoked and unknown tokens apart). */
function grantOf(ctx: Ctx, state: LinkedInState, operation: string): Grant | null {
  record(ctx, `linkedin ${operation}`);
  const token = bearerToken(ctx);
  const grant = LINKEDIN_TOKENS.grantForAccessToken(state, token, ctx.rt.clock.now());
  if (grant) return grant;
  const known = token ? state.accessTokens.get(token) : undefined;
  if (known && state.grants.get(known.grantId)?.revoked) apiError(ctx, 401, 65601, "REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user");
  else if (known) apiError(ctx, 401, 65602, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired");
  else apiError(ctx, 401, 65600, "INVALID_ACCESS_TOKEN", "Invalid access token");
  return null;
}

function needs(ctx: Ctx, grant: Grant, scopes: string[], resource: string): boolean {
  if (scopes.every((s) => grant.scopes.includes(s))) return true;
  apiError(ctx, 403, 100, "ACCESS_DENIED", `Not enough permissions to access: ${resource}`);
  return false;
}

/** Versions are YYYYMM and stay active for a year. */
function versionRefused(ctx: Ctx): boolean {
  const version = header(ctx, "linkedin-version");
  if (!version) {
    apiError(ctx, 400, 0, "VERSION_MISSING", "A version must be present. Please specify a version by adding the LinkedIn-Version header.");
    return true;
  }
  const m = /^(\d{4})(\d{2})(?:\.\d{2})?$/.exec(version);
  const now = new Date(ctx.rt.clock.now());
  const months = m ? (now.getUTCFullYear() - Number(m[1])) * 12 + (now.getUTCMonth() + 1 - Number(m[2])) : -1;
  if (!m || months < 0 || months > 12) {
    apiError(ctx, 426, 0, "NONEXISTENT_VERSION", `Requested version ${version} is not active`);
    return true;
  }
  if (header(ctx, "x-restli-protocol-version") !== "2.0.0") {
    apiError(ctx, 400, 0, "INVALID_PROTOCOL_VERSION", "X-Restli-Protocol-Version must be 2.0.0 for this resource");
    return true;
  }
  return false;
}

const personUrn = (state: LinkedInState) => `urn:li:person:${state.member.sub}`;

function createPost(ctx: Ctx, state: LinkedInState): void {
  const grant = grantOf(ctx, state, "posts.create");
  if (!grant || versionRefused(ctx)) return;
  const input = createPostInput.safeParse(ctx.body.kind === "json" ? ctx.body.value : undefined);
  const outcome = zodOutcome(input, SOURCE);
  record(ctx, "linkedin posts.create", outcome);
  if (!input.success) {
    const issue = outcome.issues[0]!;
    return apiError(ctx, 422, 0, "UNPROCESSABLE_ENTITY", `ERROR :: /${issue.path.replace(/\./g, "/")} :: ${issue.message}`);
  }
  const post = input.data;
  const org = /^urn:li:organization:(\d+)$/.exec(post.author);
  if (org) {
    if (!needs(ctx, grant, ["w_organization_social"], "partnerApiPostsExternal.CREATE")) return;
    if (!state.organizations.get(Number(org[1]))?.memberIsAdmin) return apiError(ctx, 403, 100, "ACCESS_DENIED", `Not enough permissions to post as ${post.author}: the member is not one of its administrators`);
  } else {
    if (!needs(ctx, grant, ["w_member_social"], "partnerApiPostsExternal.CREATE")) return;
    if (post.author !== personUrn(state)) return apiError(ctx, 403, 100, "ACCESS_DENIED", `Not enough permissions to post as ${post.author}`);
  }
  const same = [...state.posts.values()].find((p) => !p.deleted && p.author === post.author && p.commentary === post.commentary);
  if (same) return apiError(ctx, 422, 0, "DUPLICATE_POST", `Content is a duplicate of ${same.urn}`);
  const urn = `urn:li:share:7${pick("0123456789", 18)}`;
  state.posts.set(urn, { urn, author: post.author, commentary: post.commentary, article: post.content?.article ?? null, visibility: post.visibility, createdAt: new Date(ctx.rt.clock.now()).toISOString(), deleted: false });
  sendEmpty(ctx, 201, { "x-restli-id": urn, "x-linkedin-id": urn });
}

export function handleApi(ctx: Ctx, path: string): void {
  const state = LINKEDIN_STATE.of(ctx.rt);
  if (path === "v2/userinfo" && ctx.method === "GET") {
    const grant = grantOf(ctx, state, "userinfo");
    if (!grant || !needs(ctx, grant, ["openid", "profile"], "/userinfo")) return;
    const m = state.member;
    return sendJson(ctx, 200, { sub: m.sub, name: m.name, given_name: m.givenName, family_name: m.familyName, locale: { country: "CH", language: "en" }, ...(grant.scopes.includes("email") ? { email: m.email, email_verified: true } : {}) });
  }
  if (path === "rest/organizationAcls" && ctx.method === "GET") {
    const grant = grantOf(ctx, state, "organizationAcls.list");
    if (!grant || versionRefused(ctx) || !needs(ctx, grant, ["r_organization_admin"], "organizationAcls.FINDER-roleAssignee")) return;
    if (first(ctx.query.q) !== "roleAssignee") return apiError(ctx, 400, 0, "ILLEGAL_ARGUMENT", "q must be roleAssignee for this finder");
    const role = first(ctx.query.role) ?? "ADMINISTRATOR";
    const admins = [...state.organizations.values()].filter((o) => o.memberIsAdmin && role === "ADMINISTRATOR");
    return sendJson(ctx, 200, {
      paging: { start: 0, count: admins.length, links: [] },
      elements: admins.map((o) => ({ roleAssignee: personUrn(state), state: "APPROVED", role: "ADMINISTRATOR", organization: `urn:li:organization:${o.id}` })),
    });
  }
  const org = path.match(/^rest\/organizations\/(\d+)$/);
  if (org && ctx.method === "GET") {
    const grant = grantOf(ctx, state, "organizations.get");
    if (!grant || versionRefused(ctx) || !needs(ctx, grant, ["r_organization_admin"], "organizations.GET")) return;
    const o = state.organizations.get(Number(org[1]));
    if (!o) return apiError(ctx, 404, 0, "NOT_FOUND", `Organization ${org[1]} does not exist`);
    return sendJson(ctx, 200, { id: o.id, localizedName: o.localizedName, vanityName: o.vanityName, $URN: `urn:li:organization:${o.id}` });
  }
  if (path === "rest/posts" && ctx.method === "POST") return createPost(ctx, state);
  const one = path.match(/^rest\/posts\/(.+)$/);
  if (one && ctx.method === "DELETE") {
    const grant = grantOf(ctx, state, "posts.delete");
    if (!grant || versionRefused(ctx)) return;
    const post = state.posts.get(decodeURIComponent(one[1]!));
    // LinkedIn answers a delete of a post already gone as done.
    if (post) post.deleted = true;
    return sendEmpty(ctx, 204);
  }
  record(ctx, null);
  apiError(ctx, 404, 0, "NOT_FOUND", "Not Found");
}

// What every drive handler does first: the bearer token and the permission the
// operation needs, and a JSON body checked against Graph's CSDL.
import { bearerToken, type Ctx } from "../core/context";
import { record } from "../core/record";
import { NOT_CHECKED } from "../core/validation-outcome";
import type { Grant } from "../oauth/grants";
import { GRAPH_SPEC } from "../validation/graph-spec";
import { graphError } from "./errors";
import { ONEDRIVE_STATE, type OneDriveState } from "./state";
import { ONEDRIVE_TOKENS } from "./tokens";

export interface DriveCall {
  state: OneDriveState;
  grant: Grant;
}

/** Files.ReadWrite grants Files.Read; the .All forms grant the plain ones. */
function allows(scopes: string[], needed: string): boolean {
  const wider = needed === "Files.Read" ? ["Files.Read", "Files.ReadWrite", "Files.Read.All", "Files.ReadWrite.All"] : needed === "Files.ReadWrite" ? ["Files.ReadWrite", "Files.ReadWrite.All"] : [needed];
  return wider.some((s) => scopes.includes(s));
}

export function authorize(ctx: Ctx, operation: string, permission: string): DriveCall | null {
  record(ctx, `onedrive ${operation}`);
  const state = ONEDRIVE_STATE.of(ctx.rt);
  const token = bearerToken(ctx);
  if (!token) {
    graphError(ctx, 401, "InvalidAuthenticationToken", "Access token is empty.");
    return null;
  }
  const grant = ONEDRIVE_TOKENS.grantForAccessToken(state, token, ctx.rt.clock.now());
  if (!grant) {
    graphError(ctx, 401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
    return null;
  }
  if (!allows(grant.scopes, permission)) {
    graphError(ctx, 403, "accessDenied", `Access denied. (needs ${permission})`);
    return null;
  }
  return { state, grant };
}

/** Checks the JSON body against a CSDL type or bound action; answers 400 and returns null when Graph would refuse it. */
export async function checkedBody<T>(ctx: Ctx, operation: string, typeName: string): Promise<T | null> {
  if (ctx.body.kind !== "json" || typeof ctx.body.value !== "object" || ctx.body.value === null) {
    graphError(ctx, 400, "BadRequest", "Empty Payload. JSON content expected.");
    return null;
  }
  const model = await ctx.rt.specs.load(GRAPH_SPEC);
  const outcome = model ? model.check(typeName, ctx.body.value) : NOT_CHECKED;
  record(ctx, `onedrive ${operation}`, outcome);
  if (outcome.issues.length) {
    graphError(ctx, 400, "invalidRequest", outcome.issues[0]!.message);
    return null;
  }
  return ctx.body.value as T;
}

export function graphBase(ctx: Ctx): string {
  return `${ctx.rt.url}/onedrive/v1.0`;
}

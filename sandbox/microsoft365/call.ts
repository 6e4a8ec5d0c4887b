// What every Graph handler does first: the bearer token and the permission the
// operation needs, the request body checked against Graph's CSDL, and Prefer.
import { bearerToken, header, type Ctx } from "../core/context";
import { record } from "../core/record";
import { NOT_CHECKED } from "../core/validation-outcome";
import { graphError } from "./errors";
import { GRAPH_SPEC } from "../validation/graph-spec";
import type { Grant } from "../oauth/grants";
import { MICROSOFT365_STATE, type Microsoft365State } from "./state";
import { MICROSOFT365_TOKENS } from "./tokens";

export interface GraphCall {
  state: Microsoft365State;
  grant: Grant;
}

/** Permissions that include another: ReadWrite grants Read. */
function allows(scopes: string[], needed: string): boolean {
  return scopes.includes(needed) || (needed.endsWith(".Read") && scopes.includes(`${needed}Write`));
}

export function authorize(ctx: Ctx, operation: string, permission: string): GraphCall | null {
  record(ctx, `microsoft365 ${operation}`);
  const state = MICROSOFT365_STATE.of(ctx.rt);
  const token = bearerToken(ctx);
  if (!token) {
    graphError(ctx, 401, "InvalidAuthenticationToken", "Access token is empty.");
    return null;
  }
  const grant = MICROSOFT365_TOKENS.grantForAccessToken(state, token, ctx.rt.clock.now());
  if (!grant) {
    graphError(ctx, 401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
    return null;
  }
  if (!allows(grant.scopes, permission)) {
    graphError(ctx, 403, "ErrorAccessDenied", `Access is denied. Check credentials and try again. (needs ${permission})`);
    return null;
  }
  return { state, grant };
}

/** Checks the JSON body against a CSDL type (or "action:<name>"); answers 400 and returns null when Graph would refuse it. */
export async function checkedBody<T>(ctx: Ctx, operation: string, typeName: string): Promise<T | null> {
  if (ctx.body.kind !== "json" || typeof ctx.body.value !== "object" || ctx.body.value === null) {
    record(ctx, `microsoft365 ${operation}`);
    graphError(ctx, 400, "BadRequest", "Empty Payload. JSON content expected.");
    return null;
  }
  const model = await ctx.rt.specs.load(GRAPH_SPEC);
  const outcome = model ? model.check(typeName, ctx.body.value) : NOT_CHECKED;
  record(ctx, `microsoft365 ${operation}`, outcome);
  if (outcome.issues.length) {
    graphError(ctx, 400, "RequestBodyRead", outcome.issues[0]!.message);
    return null;
  }
  return ctx.body.value as T;
}

export interface Prefer {
  /** outlook.timezone="…": the zone answers write times in. */
  timeZone?: string;
  maxPageSize?: number;
}

export function prefer(ctx: Ctx): Prefer {
  const raw = header(ctx, "prefer") ?? "";
  const tz = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(raw)?.[1];
  const size = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(raw)?.[1];
  return { timeZone: tz, maxPageSize: size ? Number(size) : undefined };
}

export function graphBase(ctx: Ctx): string {
  return `${ctx.rt.url}/microsoft365/v1.0`;
}

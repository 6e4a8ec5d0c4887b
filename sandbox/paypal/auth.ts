// Client credentials and access tokens. Any client id and secret shaped like
// PayPal's (letters, digits, - and _) open an app of the sandbox merchant; one
// containing "invalid", or revoked through the control API, is refused as PayPal
// refuses a deleted app. Tokens live 9 hours of sandbox time, as PayPal's do.
import { basicCredentials, bearerToken, type Ctx } from "../core/context";
import { appIdOf } from "./account";
import { fail, oauthError, ok, type PayPalAnswer } from "./errors";
import { accessToken } from "./ids";
import type { PayPalState } from "./state";
import { isoTime, type World } from "./world";

export const TOKEN_SECONDS = 32_400;
const CREDENTIAL_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;
const SCOPES = [
  "https://uri.paypal.com/services/payments/payment",
  "https://uri.paypal.com/services/payments/refund",
  "https://uri.paypal.com/services/payments/realtimepayment",
  "https://uri.paypal.com/services/applications/webhooks",
  "https://uri.paypal.com/services/checkout/one-click-with-merchant-issued-token",
  "openid",
];

function acceptable(value: string, state: PayPalState): boolean {
  return CREDENTIAL_SHAPE.test(value) && !value.toLowerCase().includes("invalid") && !state.revokedClients.has(value);
}

/** POST /v1/oauth2/token with grant_type=client_credentials and the app's client id and secret as Basic auth. */
export function issueToken(ctx: Ctx, w: World): PayPalAnswer {
  const client = basicCredentials(ctx);
  if (!client || !acceptable(client.id, w.state) || !acceptable(client.secret, w.state)) {
    return oauthError(401, "invalid_client", "Client Authentication failed");
  }
  const fields = ctx.body.kind === "form" ? ctx.body.value : {};
  const grant = fields.grant_type;
  if (grant === undefined) return oauthError(400, "unsupported_grant_type", "Grant Type is NULL");
  if (grant !== "client_credentials") return oauthError(400, "unsupported_grant_type", `Grant Type ${String(grant)} is not supported`);
  const token = accessToken();
  const now = w.now();
  w.state.tokens.set(token, { token, clientId: client.id, expiresAt: now + TOKEN_SECONDS * 1000, revoked: false });
  return ok({ scope: SCOPES.join(" "), access_token: token, token_type: "Bearer", app_id: appIdOf(client.id), expires_in: TOKEN_SECONDS, nonce: `${isoTime(now)}${token.slice(-43)}` });
}

/** The app a request's bearer token belongs to, or PayPal's 401. */
export function authenticate(ctx: Ctx, w: World): { clientId: string } | PayPalAnswer {
  const token = bearerToken(ctx);
  if (!token) return fail(401);
  const known = w.state.tokens.get(token);
  if (!known || known.revoked || w.state.revokedClients.has(known.clientId)) return oauthError(401, "invalid_token", "Token signature verification failed");
  if (known.expiresAt <= w.now()) return oauthError(401, "invalid_token", "Access Token not found in cache");
  return { clientId: known.clientId };
}

export function isAnswer(v: { clientId: string } | PayPalAnswer): v is PayPalAnswer {
  return "status" in v;
}

/** The control API's revoke: one access token, one app by its client id, or every token issued so far. */
export function revokePayPal(state: PayPalState, token: string | undefined): number {
  if (token === undefined) {
    const live = [...state.tokens.values()].filter((t) => !t.revoked);
    for (const t of live) t.revoked = true;
    return live.length;
  }
  const one = state.tokens.get(token);
  if (one) {
    if (one.revoked) return 0;
    one.revoked = true;
    return 1;
  }
  const issued = [...state.tokens.values()].some((t) => t.clientId === token);
  if (!issued || state.revokedClients.has(token)) return 0;
  state.revokedClients.add(token);
  return 1;
}

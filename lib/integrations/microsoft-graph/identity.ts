// The Microsoft identity platform's token endpoint (v2.0), shared by the
// connectors that sign in to Microsoft (Microsoft 365, OneDrive): authorization
// code with PKCE, and refresh, with the client's secret in the form body. Graph's SDK
// leaves tokens to the caller (MSAL is built to cache them itself; ours are
// sealed in the vault and refreshed single-flight), so this is a plain form POST.
import type { OAuthTokens } from "../contract";
import { parseRetryAfter } from "../http-failure";

/** What Microsoft answers at /oauth2/v2.0/token. */
export interface TokenAnswer {
  access_token: string;
  token_type?: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
}

/** A refusal from the token endpoint: {error, error_description} as OAuth 2.0 shapes it. */
export class IdentityError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "IdentityError";
  }
}

export async function tokenRequest(url: string, form: Record<string, string>, signal?: AbortSignal): Promise<TokenAnswer> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(form).toString(),
    signal,
  });
  const text = await res.text();
  let body: { error?: string; error_description?: string } & Partial<TokenAnswer> = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  if (!res.ok) {
    // AADSTS descriptions carry a trace id and a timestamp after the first line; the first line is the reason.
    const reason = (body.error_description ?? text.slice(0, 200) ?? res.statusText).split(/\r?\n/)[0]!;
    throw new IdentityError(res.status, body.error ?? `http_${res.status}`, reason, parseRetryAfter(res.headers.get("retry-after")));
  }
  return body as TokenAnswer;
}

// Microsoft does not echo the OpenID scopes in `scope`, and names Graph's with their resource URL.
const OPENID = ["openid", "profile", "email", "offline_access"];

export function tokensFrom(t: TokenAnswer): OAuthTokens {
  const granted = (t.scope ?? "").split(" ").filter(Boolean).map((s) => s.replace(/^https:\/\/graph\.microsoft\.com\//i, ""));
  const scopes = [...new Set([...granted, ...OPENID.filter((s) => s !== "offline_access" || t.refresh_token)])];
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: t.expires_in ? new Date(Date.now() + t.expires_in * 1000).toISOString() : undefined,
    scopes,
    tokenType: t.token_type ?? "Bearer",
  };
}
